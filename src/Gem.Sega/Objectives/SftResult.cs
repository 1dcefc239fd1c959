using TorchSharp;

namespace Gem.Sega.Objectives;

/// <summary>The output of <see cref="SftObjective"/>; dispose it to free the loss.</summary>
public sealed class SftResult : IDisposable
{
    internal SftResult(torch.Tensor loss, long tokenCount, double meanNegativeLogLikelihood)
    {
        Loss = loss;
        TokenCount = tokenCount;
        MeanNegativeLogLikelihood = meanNegativeLogLikelihood;
    }

    /// <summary>The loss, a scalar (float32, or float64 for float64 log-probabilities) with the policy's graph.</summary>
    public torch.Tensor Loss { get; }

    /// <summary>Number of completion tokens in the batch.</summary>
    public long TokenCount { get; }

    /// <summary>The loss' value on the host, for logging.</summary>
    public double MeanNegativeLogLikelihood { get; }

    /// <inheritdoc/>
    public void Dispose() => Loss.Dispose();
}
