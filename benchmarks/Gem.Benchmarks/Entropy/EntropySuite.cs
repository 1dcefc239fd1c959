using System.Globalization;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Gem.Benchmarks.Entropy;

/// <summary>
/// <c>entropy</c>: fused chunked token statistics against the naive expression at N ∈ {512, 4096}, V ∈ {32,000; 128,256},
/// fp32, with two floors over the same logits in the same run; peak extra memory per case in a child process; writes
/// <c>artifacts/bench/entropy.json</c> (and the same table as <c>entropy.md</c>). Options: <c>--quick</c> (N = 512 only,
/// two rounds of two iterations: a check in minutes), <c>--rounds R</c> (default 3), <c>--iterations I</c> per round
/// (default 3), <c>--threads T</c> (torch intra-op threads; default torch's choice). Exit code 0 when every target holds.
/// </summary>
internal sealed class EntropySuite : IBenchmarkSuite
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <inheritdoc />
    public string Name => "entropy";

    /// <inheritdoc />
    public string Description => "fused chunked entropy / selected log-probs vs naive and two floors (--quick, --rounds R, --iterations I, --threads T)";

    /// <inheritdoc />
    public int Run(string[] args)
    {
        if (args.Length > 0 && args[0] == PeakMemory.Argument)
            return PeakMemory.MeasureInThisProcess(args[1..]);
        if (args.Length > 0 && args[0] == "--time-case")
            return TimeCase(args[1..]);
        if (!RoundOptions.TryParse(args, rounds: (2, 3), iterations: (2, 3), out var parsed))
            return 2;
        var (quick, rounds, iterations) = (parsed!.Quick, parsed.Rounds, parsed.Iterations);

        EntropyBenchmarks.TokenCounts = quick ? [512] : [512, 4096];
        EntropyBenchmarks.VocabularySizes = [32_000, 128_256];
        EntropyBenchmarks.Rounds = rounds;
        var loadBefore = MachineLoad.OneMinute();
        var started = DateTimeOffset.Now;

        // One warm-up and a few measured iterations per round; rounds interleave the methods (RoundRobinOrderer).
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(iterations)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithId(quick ? "quick" : "entropy");
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddLogger(ConsoleLogger.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddExporter(MarkdownExporter.GitHub)
            .AddExporter(JsonExporter.Full)
            .WithOrderer(new RoundRobinOrderer())
            .WithArtifactsPath(Path.Combine(Program.ArtifactsDirectory, "BenchmarkDotNet"))
            .WithOptions(ConfigOptions.JoinSummary);
        var summary = BenchmarkRunner.Run<EntropyBenchmarks>(config);
        EntropyBenchmarks.ReleaseShared();
        var loadAfterTiming = MachineLoad.OneMinute();

        var pooled = RoundMeasurements.Pool(summary, report => (
            Method: report.BenchmarkCase.Descriptor.WorkloadMethod.Name,
            N: Convert.ToInt32(report.BenchmarkCase.Parameters[nameof(EntropyBenchmarks.N)], CultureInfo.InvariantCulture),
            V: Convert.ToInt32(report.BenchmarkCase.Parameters[nameof(EntropyBenchmarks.V)], CultureInfo.InvariantCulture)));

        var rows = new List<Dictionary<string, object?>>();
        var targets = new List<Dictionary<string, object?>>();
        var table = new StringBuilder()
            .AppendLine("| N | V | case | median ms | × naive | × one read | × one exp pass | peak extra MiB | peak / naive's |")
            .AppendLine("|---:|---:|---|---:|---:|---:|---:|---:|---:|");
        var allMet = true;
        foreach (var n in EntropyBenchmarks.TokenCounts)
        {
            foreach (var v in EntropyBenchmarks.VocabularySizes)
            {
                var peaks = EntropyCases.All.ToDictionary(m => m, m => PeakMemory.MeasureInChild(m, n, v, fixedMmapThreshold: true));
                var defaultPeaks = EntropyCases.All.ToDictionary(m => m, m => PeakMemory.MeasureInChild(m, n, v, fixedMmapThreshold: false));
                double? Median(string m) => pooled.TryGetValue((m, n, v), out var t) ? RoundMeasurements.Median(t) / 1e6 : null;
                double? Min(string m) => pooled.TryGetValue((m, n, v), out var t) ? t.Min() / 1e6 : null;
                var naive = Median(EntropyCases.Naive);
                var read = Median(EntropyCases.ReadFloor);
                var exp = Median(EntropyCases.ExpFloor);
                foreach (var m in EntropyCases.All)
                {
                    var t = Median(m);
                    var peakRatio = (double)peaks[m] / Math.Max(1, peaks[EntropyCases.Naive]);
                    rows.Add(new()
                    {
                        ["method"] = m,
                        ["n"] = n,
                        ["v"] = v,
                        ["dtype"] = "float32",
                        ["iterations"] = pooled.TryGetValue((m, n, v), out var all) ? all.Count : 0,
                        ["median_ms"] = Round(t),
                        ["min_ms"] = Round(Min(m)),
                        ["ratio_to_naive"] = Round(t / naive),
                        ["ratio_to_read_floor"] = Round(t / read),
                        ["ratio_to_exp_floor"] = Round(t / exp),
                        ["peak_extra_bytes"] = peaks[m],
                        ["peak_extra_mib"] = Math.Round(peaks[m] / 1048576.0, 1),
                        ["peak_extra_ratio_to_naive"] = Math.Round(peakRatio, 4),
                        ["peak_extra_bytes_default_malloc"] = defaultPeaks[m],
                        ["peak_extra_mib_default_malloc"] = Math.Round(defaultPeaks[m] / 1048576.0, 1),
                    });
                    table.AppendLine(CultureInfo.InvariantCulture,
                        $"| {n} | {v:N0} | {m} | {t:F1} | {t / naive:F3} | {t / read:F2} | {t / exp:F2} | {peaks[m] / 1048576.0:F1} | {peakRatio:P1} |");
                }

                var entropy = Median(EntropyCases.FusedEntropy);
                var logProb = Median(EntropyCases.FusedLogProb);
                var both = Median(EntropyCases.FusedEntropyAndLogProb);
                void Target(string what, double? value, double limit, bool atMost)
                {
                    var met = value is { } x && (atMost ? x <= limit : x >= limit);
                    allMet &= met;
                    targets.Add(new() { ["n"] = n, ["v"] = v, ["target"] = what, ["value"] = Round(value), ["limit"] = limit, ["at_most"] = atMost, ["met"] = met });
                    Console.WriteLine($"N={n,5} V={v,6}  {what,-58} {Round(value),8} {(atMost ? "<=" : ">=")} {limit,-5} {(met ? "met" : "NOT MET")}");
                }

                Target("fused entropy peak extra memory / naive's", (double)peaks[EntropyCases.FusedEntropy] / Math.Max(1, peaks[EntropyCases.Naive]), 0.05, atMost: true);
                Target("fused entropy+log-prob peak extra memory / naive's", (double)peaks[EntropyCases.FusedEntropyAndLogProb] / Math.Max(1, peaks[EntropyCases.Naive]), 0.05, atMost: true);
                Target("speed-up of fused entropy over naive", naive / entropy, 2.0, atMost: false);
                Target("fused entropy / one exponential pass", entropy / exp, 2.5, atMost: true);
                Target("entropy+log-prob in one call / the two separately", both / (entropy + logProb), 1.0, atMost: true);
            }
        }

        var path = Path.Combine(Program.ArtifactsDirectory, "entropy.json");
        var document = new Dictionary<string, object?>
        {
            ["suite"] = Name,
            ["quick"] = quick,
            ["started"] = started.ToString("u", CultureInfo.InvariantCulture),
            ["machine"] = MachineLoad.Describe(),
            ["load_average_1min_before"] = loadBefore,
            ["load_average_1min_after_timing"] = loadAfterTiming,
            ["rounds"] = rounds,
            ["iterations_per_round"] = iterations,
            ["time_unit"] = "ms: median (and minimum) of all measured iterations, pooled over the rounds",
            ["memory"] = "peak extra resident bytes: VmHWM after the case minus VmHWM after allocating the logits, one child process per case; "
                + "peak_extra_bytes with MALLOC_MMAP_THRESHOLD_=131072 (freed buffers return to the system: what the code holds), "
                + "peak_extra_bytes_default_malloc with glibc's defaults (includes allocator slack)",
            ["cases"] = rows,
            ["targets"] = targets,
            ["all_targets_met"] = allMet,
        };
        File.WriteAllText(path, JsonSerializer.Serialize(document, JsonOptions));
        File.WriteAllText(Path.ChangeExtension(path, ".md"), table.ToString());
        Console.WriteLine();
        Console.Write(table);
        Console.WriteLine($"wrote {path}; all targets {(allMet ? "met" : "NOT met")}");
        return allMet ? 0 : 1;
    }

    /// <summary>Diagnostic: <c>entropy --time-case N V REPS METHOD...</c> prints the fastest of REPS runs per method, interleaved.</summary>
    private static int TimeCase(string[] args)
    {
        var n = int.Parse(args[0], CultureInfo.InvariantCulture);
        var v = int.Parse(args[1], CultureInfo.InvariantCulture);
        var reps = int.Parse(args[2], CultureInfo.InvariantCulture);
        var (logits, targets) = EntropyCases.Allocate(n, v);
        var best = args[3..].ToDictionary(m => m, _ => double.MaxValue);
        for (var r = 0; r < reps; r++)
        {
            foreach (var m in args[3..])
            {
                var watch = System.Diagnostics.Stopwatch.StartNew();
                EntropyCases.Run(m, logits, targets);
                best[m] = Math.Min(best[m], watch.Elapsed.TotalMilliseconds);
            }
        }

        foreach (var (m, t) in best)
            Console.WriteLine($"{m,-24} {t,10:F2} ms (best of {reps})");
        logits.Dispose();
        targets.Dispose();
        return 0;
    }

    private static double? Round(double? value) => value is { } v && double.IsFinite(v) ? Math.Round(v, 3) : null;
}
