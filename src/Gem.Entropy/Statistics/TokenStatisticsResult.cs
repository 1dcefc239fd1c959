using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Entropy.Statistics;

/// <summary>
/// The statistics requested from <see cref="TokenStatistics.Compute"/>. Each tensor has the logits' leading shape
/// <c>[...]</c> (the vocabulary dimension removed), dtype float32, on the logits' device; a statistic that was not
/// requested is <see langword="null"/>. The caller owns the tensors (dispose this, or let a dispose scope take them).
/// </summary>
public sealed class TokenStatisticsResult : IDisposable
{
    internal TokenStatisticsResult(Tensor? entropy, Tensor? targetLogProbabilities, Tensor? logSumExp, Tensor? selfCertainty = null)
    {
        SelfCertainty = selfCertainty;
        Entropy = entropy;
        TargetLogProbabilities = targetLogProbabilities;
        LogSumExp = logSumExp;
    }

    /// <summary>Per-token entropy in nats, <c>[...]</c> float32; detached unless <see cref="TokenStatisticsOptions.EntropyRequiresGrad"/>.</summary>
    public Tensor? Entropy { get; }

    /// <summary>Per-token <c>log p(y)</c>, <c>[...]</c> float32, differentiable with respect to the logits.</summary>
    public Tensor? TargetLogProbabilities { get; }

    /// <summary>Per-token <c>logsumexp(z / τ)</c>, <c>[...]</c> float32, detached.</summary>
    public Tensor? LogSumExp { get; }

    /// <summary>
    /// Per-token self-certainty <c>KL(U ‖ p) = −log V' − (1/V') Σ_v log p_v</c> over the <c>V'</c> unmasked entries,
    /// <c>[...]</c> float32, detached.
    /// </summary>
    public Tensor? SelfCertainty { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Entropy?.Dispose();
        TargetLogProbabilities?.Dispose();
        LogSumExp?.Dispose();
        SelfCertainty?.Dispose();
    }
}
