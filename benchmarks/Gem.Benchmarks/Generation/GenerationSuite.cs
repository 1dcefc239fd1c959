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
/// sequential generations (target ≥ 1.5×). Writes <c>artifacts/bench/generation.json</c>. <c>--quick</c>: 64 new
/// tokens; <c>--threads N</c>: torch intra-op threads (default: torch's choice). Exit code 0 when both targets hold.
/// </summary>
internal sealed class GenerationSuite : IBenchmarkSuite
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    /// <inheritdoc />
    public string Name => "generation";

    /// <inheritdoc />
    public string Description => "KV-cached vs recompute decoding, k=8 batched vs sequential (--quick: 64 new tokens; --threads N)";

    /// <inheritdoc />
    public int Run(string[] args)
    {
        var quick = args.Contains("--quick");
        var threadsAt = Array.IndexOf(args, "--threads");
        if (threadsAt >= 0)
        {
            if (threadsAt + 1 >= args.Length || !int.TryParse(args[threadsAt + 1], out var threads) || threads < 1)
            {
                Console.Error.WriteLine("error: --threads needs a positive integer.");
                return 2;
            }

            TorchSharp.torch.set_num_threads(threads);
        }

        GenerationBenchmarks.PromptLength = 64;
        GenerationBenchmarks.NewTokens = quick ? 64 : 256;

        // Each case runs for a second or (recompute) tens of seconds: one warm-up and five measured runs (the median is reported), no pilot.
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(5)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithId("generation");
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddLogger(ConsoleLogger.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddExporter(MarkdownExporter.GitHub)
            .WithArtifactsPath(Path.Combine(Program.ArtifactsDirectory, "BenchmarkDotNet"))
            .WithOptions(ConfigOptions.JoinSummary);
        var summary = BenchmarkRunner.Run<GenerationBenchmarks>(config);

        var seconds = new Dictionary<string, double>();
        foreach (var report in summary.Reports)
        {
            if (report.ResultStatistics is not null)
                seconds[report.BenchmarkCase.Descriptor.WorkloadMethod.Name] = report.ResultStatistics.Median / 1e9;
        }

        var c = GenerationBenchmarks.ModelConfig;
        var parameters = CountParameters(c);
        var newTokens = GenerationBenchmarks.NewTokens;
        var k = GenerationBenchmarks.Candidates;
        double? TokensPerSecond(string method, int tokens) => seconds.TryGetValue(method, out var s) ? tokens / s : null;
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
                ["threads"] = TorchSharp.torch.get_num_threads(),
            },
            ["median_seconds"] = seconds.TryGetValue(method, out var s) ? s : null,
            ["tokens_per_second"] = tokensPerSecond,
            ["baseline"] = baseline,
            ["ratio"] = ratio,
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
            ["rows"] = rows,
            ["targets"] = new[]
            {
                new Dictionary<string, object?> { ["what"] = "kv-cached / recompute tokens per second", ["target"] = 10.0, ["measured"] = cacheRatio, ["met"] = cacheMet },
                new Dictionary<string, object?> { ["what"] = "batched-k8 / sequential-k8 tokens per second", ["target"] = 1.5, ["measured"] = batchRatio, ["met"] = batchMet },
            },
        };
        var path = Path.Combine(Program.ArtifactsDirectory, "generation.json");
        File.WriteAllText(path, JsonSerializer.Serialize(document, s_json));

        Console.WriteLine();
        Console.WriteLine($"model: {parameters:N0} parameters; prompt {GenerationBenchmarks.PromptLength}, {newTokens} new tokens");
        foreach (var row in rows)
            Console.WriteLine($"  {row["case"],-14} {row["tokens_per_second"]:F1} tokens/s{(row["ratio"] is double r ? $"   ×{r:F2} vs {row["baseline"]}" : "")}");
        Console.WriteLine($"targets: cache ≥ 10× {(cacheMet ? "met" : "NOT met")}, batch ≥ 1.5× {(batchMet ? "met" : "NOT met")}; wrote {path}");
        return cacheMet && batchMet ? 0 : 1;
    }

    private static long CountParameters(TinyLlamaConfig c)
    {
        using var model = new TinyLlama(c);
        return model.parameters().Sum(p => p.numel());
    }
}
