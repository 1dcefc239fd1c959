using BenchmarkDotNet.Attributes;
using Gem.Entropy.Statistics;
using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Benchmarks.Entropy;

/// <summary>
/// The cases of the <c>entropy</c> suite over one fp32 logits tensor <c>[N, V]</c>: the naive expression (baseline), the
/// fused statistics (entropy, selected log-probs, both in one call) and two floors (one read, one exponential pass).
/// </summary>
public class EntropyBenchmarks
{
    /// <summary>Token counts of this run (set by the suite before BenchmarkDotNet starts; in-process toolchain).</summary>
    internal static IReadOnlyList<int> TokenCounts { get; set; } = [512, 4096];

    /// <summary>Vocabulary sizes of this run.</summary>
    internal static IReadOnlyList<int> VocabularySizes { get; set; } = [32_000, 128_256];

    /// <summary>The token-count parameter values.</summary>
    public static IEnumerable<int> NValues => TokenCounts;

    /// <summary>The vocabulary-size parameter values.</summary>
    public static IEnumerable<int> VValues => VocabularySizes;

    /// <summary>Tokens (rows of the logits).</summary>
    [ParamsSource(nameof(NValues))]
    public int N { get; set; }

    /// <summary>Vocabulary size (columns of the logits).</summary>
    [ParamsSource(nameof(VValues))]
    public int V { get; set; }

    private Tensor _logits = null!;
    private Tensor _targets = null!;

    /// <summary>Allocates the logits once per case.</summary>
    [GlobalSetup]
    public void Setup() => (_logits, _targets) = EntropyCases.Allocate(N, V);

    /// <summary>Frees the logits.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _logits.Dispose();
        _targets.Dispose();
    }

    /// <summary><c>−(exp(log_softmax(x)) · log_softmax(x)).sum(−1)</c>.</summary>
    [Benchmark(Baseline = true)]
    public void Naive() => EntropyCases.Run(EntropyCases.Naive, _logits, _targets);

    /// <summary>Fused chunked entropy.</summary>
    [Benchmark]
    public void FusedEntropy() => EntropyCases.Run(EntropyCases.FusedEntropy, _logits, _targets);

    /// <summary>Fused chunked selected log-probabilities.</summary>
    [Benchmark]
    public void FusedLogProb() => EntropyCases.Run(EntropyCases.FusedLogProb, _logits, _targets);

    /// <summary>Entropy and selected log-probabilities in one call.</summary>
    [Benchmark]
    public void FusedEntropyAndLogProb() => EntropyCases.Run(EntropyCases.FusedEntropyAndLogProb, _logits, _targets);

    /// <summary>Floor: one read of the logits, <c>x.sum(−1)</c>.</summary>
    [Benchmark]
    public void ReadFloor() => EntropyCases.Run(EntropyCases.ReadFloor, _logits, _targets);

    /// <summary>Floor: one exponential pass, <c>exp</c> then <c>sum</c> in row chunks.</summary>
    [Benchmark]
    public void ExpFloor() => EntropyCases.Run(EntropyCases.ExpFloor, _logits, _targets);
}
