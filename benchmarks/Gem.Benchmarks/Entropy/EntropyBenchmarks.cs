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

    /// <summary>Rounds of this run (see <see cref="RoundRobinOrderer"/>).</summary>
    internal static int Rounds { get; set; } = 3;

    /// <summary>The round parameter values, 1 … <see cref="Rounds"/>.</summary>
    public static IEnumerable<int> RoundValues => Enumerable.Range(1, Rounds);

    /// <summary>Tokens (rows of the logits).</summary>
    [ParamsSource(nameof(NValues))]
    public int N { get; set; }

    /// <summary>Vocabulary size (columns of the logits).</summary>
    [ParamsSource(nameof(VValues))]
    public int V { get; set; }

    /// <summary>The round: every method runs once per round, rounds interleaved (<see cref="RoundRobinOrderer"/>).</summary>
    [ParamsSource(nameof(RoundValues))]
    public int Round { get; set; }

    private static (int N, int V, Tensor Logits, Tensor Targets)? s_shared;
    private Tensor _logits = null!;
    private Tensor _targets = null!;

    /// <summary>
    /// The logits of this (N, V): allocated by the first case that needs them and shared by every method and round of
    /// that size (the cases of one size run together), so that all of them read the same values.
    /// </summary>
    [GlobalSetup]
    public void Setup()
    {
        if (s_shared is not { } shared || shared.N != N || shared.V != V)
        {
            ReleaseShared();
            var (logits, targets) = EntropyCases.Allocate(N, V);
            s_shared = (N, V, logits, targets);
        }

        (_logits, _targets) = (s_shared.Value.Logits, s_shared.Value.Targets);
    }

    /// <summary>Frees the shared logits (the suite calls it once BenchmarkDotNet is done).</summary>
    internal static void ReleaseShared()
    {
        if (s_shared is { } old)
        {
            old.Logits.Dispose();
            old.Targets.Dispose();
            s_shared = null;
        }
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
