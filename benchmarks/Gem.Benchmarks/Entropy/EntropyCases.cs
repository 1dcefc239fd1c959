using Gem.Entropy.Statistics;
using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Benchmarks.Entropy;

/// <summary>The operations the entropy suite times and measures, shared by the BenchmarkDotNet class and the memory child process.</summary>
internal static class EntropyCases
{
    public const string Naive = nameof(Naive);
    public const string FusedEntropy = nameof(FusedEntropy);
    public const string FusedLogProb = nameof(FusedLogProb);
    public const string FusedEntropyAndLogProb = nameof(FusedEntropyAndLogProb);
    public const string ReadFloor = nameof(ReadFloor);
    public const string ExpFloor = nameof(ExpFloor);

    public static readonly string[] All = [Naive, FusedEntropy, FusedLogProb, FusedEntropyAndLogProb, ReadFloor, ExpFloor];

    /// <summary>fp32 logits <c>[n, v]</c> ~ N(0, 2²) and random targets, with a fixed seed.</summary>
    public static (Tensor Logits, Tensor Targets) Allocate(int n, int v)
    {
        using var generator = new Generator(1234);
        var logits = randn([n, v], ScalarType.Float32, generator: generator).mul_(2.0);
        var targets = randint(v, [n], generator: generator);
        return (logits, targets);
    }

    /// <summary>Runs one case and frees what it produced.</summary>
    public static void Run(string method, Tensor logits, Tensor targets)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        switch (method)
        {
            case Naive:
                var logP = logits.log_softmax(-1);
                (-(logP.exp() * logP).sum(-1)).Dispose();
                break;
            case FusedEntropy:
                TokenStatistics.Entropy(logits).Dispose();
                break;
            case FusedLogProb:
                TokenStatistics.SelectedLogProbabilities(logits, targets).Dispose();
                break;
            case FusedEntropyAndLogProb:
                TokenStatistics.Compute(logits, targets, TokenStatistic.Entropy | TokenStatistic.TargetLogProbability).Dispose();
                break;
            case ReadFloor:
                logits.sum(-1).Dispose();
                break;
            case ExpFloor:
                // The same row chunks as the fused statistics choose automatically.
                var rows = logits.shape[0];
                var chunk = TokenStatisticsOptions.Default.ResolveChunkRows(rows, logits.shape[1], logits.device_type);
                var sums = new List<Tensor>();
                for (long start = 0; start < rows; start += chunk)
                {
                    using var inner = NewDisposeScope();
                    sums.Add(logits.narrow(0, start, Math.Min(chunk, rows - start)).exp().sum(-1).MoveToOuterDisposeScope());
                }

                cat(sums, 0).Dispose();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(method), method, $"Expected one of {string.Join(", ", All)}.");
        }
    }
}
