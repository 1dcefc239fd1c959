using System.Globalization;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Gem.Testing.Models;

namespace Gem.Benchmarks.Generation;

/// <summary>
/// <c>generation</c>: candidate sampling with a Llama-shaped model of about 5 M parameters, prompt 64, 256 new tokens:
/// KV-cached decoding against recomputing the prefix (target ≥ 10× tokens/s), and k = 8 candidates batched against 8
/// sequential generations (target ≥ 1.5×). Writes <c>artifacts/bench/generation.json</c> (and the table as
/// <c>generation.md</c>). Options: <c>--quick</c> (64 new tokens, two rounds of one iteration), <c>--rounds R</c> (default 3),
/// <c>--iterations I</c> per round (default 2), <c>--threads T</c> (torch intra-op threads; default torch's choice).
/// Exit code 0 when both targets hold.
/// </summary>
internal sealed class GenerationSuite : IBenchmarkSuite
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    /// <inheritdoc />
    public string Name => "generation";

    /// <inheritdoc />
    public string Description => "KV-cached vs recompute decoding, k=8 batched vs sequential (--quick, --rounds R, --iterations I, --threads T)";

    /// <inheritdoc />
    public int Run(string[] args)
    {
        if (!RoundOptions.TryParse(args, rounds: (2, 3), iterations: (1, 2), out var parsed))
            return 2;
        var (quick, rounds, iterations) = (parsed!.Quick, parsed.Rounds, parsed.Iterations);

        GenerationBenchmarks.PromptLength = 64;
        GenerationBenchmarks.NewTokens = quick ? 64 : 256;
        GenerationBenchmarks.Rounds = rounds;
        var loadBefore = MachineLoad.OneMinute();
        var started = DateTimeOffset.Now;

        // Each case runs for a second or (recompute) tens of seconds: per round one warm-up and a few measured runs, no
        // pilot; the rounds interleave the cases (RoundRobinOrderer) and the median is taken over all rounds.
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(iterations)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithId("generation");
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddLogger(ConsoleLogger.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddExporter(MarkdownExporter.GitHub)
            .WithOrderer(new RoundRobinOrderer())
            .WithArtifactsPath(Path.Combine(Program.ArtifactsDirectory, "BenchmarkDotNet"))
            .WithOptions(ConfigOptions.JoinSummary);
        var summary = BenchmarkRunner.Run<GenerationBenchmarks>(config);
        var loadAfter = MachineLoad.OneMinute();

        var pooled = RoundMeasurements.Pool(summary, report => report.BenchmarkCase.Descriptor.WorkloadMethod.Name);
        double? Seconds(string method) => pooled.TryGetValue(method, out var t) ? RoundMeasurements.Median(t) / 1e9 : null;

        var c = GenerationBenchmarks.ModelConfig;
        var parameters = CountParameters(c);
        var newTokens = GenerationBenchmarks.NewTokens;
        var k = GenerationBenchmarks.Candidates;
        double? TokensPerSecond(string method, int tokens) => Seconds(method) is { } s ? tokens / s : null;
        var recompute = TokensPerSecond(nameof(GenerationBenchmarks.Recompute), newTokens);
        var cached = TokensPerSecond(nameof(GenerationBenchmarks.KvCached), newTokens);
        var batched = TokensPerSecond(nameof(GenerationBenchmarks.Batched8), newTokens * k);
        var sequential = TokensPerSecond(nameof(GenerationBenchmarks.Sequential8), newTokens * k);
        var cacheRatio = cached / recompute;
        var batchRatio = batched / sequential;

        Dictionary<string, object?> Row(string name, string method, int candidates, bool cache, double? tokensPerSecond, string? baseline, double? ratio) => new()
        {
            ["case"] = name,
            ["parameters"] = new Dictionary<string, object?>
            {
                ["prompt_tokens"] = GenerationBenchmarks.PromptLength,
                ["new_tokens"] = newTokens,
                ["candidates"] = candidates,
                ["kv_cache"] = cache,
                ["model"] = $"TinyLlama dim {c.Dimension}, {c.Layers} layers, {c.Heads} heads / {c.KeyValueHeads} kv heads, hidden {c.HiddenDimension}, vocab {c.VocabularySize}",
                ["model_parameters"] = parameters,
                ["dtype"] = "float32",
                ["device"] = "cpu",
                ["sampling"] = "temperature 1, seeded, no stop tokens (every row makes exactly new_tokens tokens)",
                ["threads"] = TorchSharp.torch.get_num_threads(),
            },
            ["iterations"] = pooled.TryGetValue(method, out var all) ? all.Count : 0,
            ["median_seconds"] = Round(Seconds(method), 4),
            ["min_seconds"] = pooled.TryGetValue(method, out var times) ? Round(times.Min() / 1e9, 4) : null,
            ["tokens_per_second"] = Round(tokensPerSecond, 1),
            ["baseline"] = baseline,
            ["ratio"] = Round(ratio, 3),
        };

        var rows = new List<Dictionary<string, object?>>
        {
            Row("recompute", nameof(GenerationBenchmarks.Recompute), 1, false, recompute, null, null),
            Row("kv-cached", nameof(GenerationBenchmarks.KvCached), 1, true, cached, "recompute", cacheRatio),
            Row("sequential-k8", nameof(GenerationBenchmarks.Sequential8), k, true, sequential, null, null),
            Row("batched-k8", nameof(GenerationBenchmarks.Batched8), k, true, batched, "sequential-k8", batchRatio),
        };
        var cacheMet = cacheRatio >= 10;
        var batchMet = batchRatio >= 1.5;
        var document = new Dictionary<string, object?>
        {
            ["suite"] = "generation",
            ["quick"] = quick,
            ["started"] = started.ToString("u", CultureInfo.InvariantCulture),
            ["machine"] = MachineLoad.Describe(),
            ["load_average_1min_before"] = loadBefore,
            ["load_average_1min_after"] = loadAfter,
            ["rounds"] = rounds,
            ["iterations_per_round"] = iterations,
            ["rows"] = rows,
            ["targets"] = new[]
            {
                new Dictionary<string, object?> { ["what"] = "kv-cached / recompute tokens per second", ["target"] = 10.0, ["measured"] = Round(cacheRatio, 3), ["met"] = cacheMet },
                new Dictionary<string, object?> { ["what"] = "batched-k8 / sequential-k8 tokens per second", ["target"] = 1.5, ["measured"] = Round(batchRatio, 3), ["met"] = batchMet },
            },
            ["all_targets_met"] = cacheMet && batchMet,
        };
        var path = Path.Combine(Program.ArtifactsDirectory, "generation.json");
        File.WriteAllText(path, JsonSerializer.Serialize(document, s_json));

        var table = new StringBuilder()
            .AppendLine("| case | candidates | KV cache | median s | tokens/s | ratio |")
            .AppendLine("|---|---:|---|---:|---:|---|");
        foreach (var row in rows)
        {
            var p = (Dictionary<string, object?>)row["parameters"]!;
            var ratio = row["ratio"] is double r ? $"×{r:F2} vs {row["baseline"]}" : "";
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {row["case"]} | {p["candidates"]} | {((bool)p["kv_cache"]! ? "yes" : "no")} | {row["median_seconds"]:F3} | {row["tokens_per_second"]:F1} | {ratio} |");
        }

        File.WriteAllText(Path.ChangeExtension(path, ".md"), table.ToString());
        Console.WriteLine();
        Console.WriteLine($"model: {parameters:N0} parameters; prompt {GenerationBenchmarks.PromptLength}, {newTokens} new tokens");
        Console.Write(table);
        Console.WriteLine($"targets: cache ≥ 10× {(cacheMet ? "met" : "NOT met")}, batch ≥ 1.5× {(batchMet ? "met" : "NOT met")}; wrote {path}");
        return cacheMet && batchMet ? 0 : 1;
    }

    private static double? Round(double? value, int digits) => value is { } v && double.IsFinite(v) ? Math.Round(v, digits) : null;

    private static long CountParameters(TinyLlamaConfig c)
    {
        using var model = new TinyLlama(c);
        return model.parameters().Sum(p => p.numel());
    }
}
