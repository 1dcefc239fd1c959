using Gem.Sega.LogProbabilities;
using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Sega.Objectives;

/// <summary>
/// Supervised fine-tuning on the chosen completion: the token-mean negative log-likelihood.
/// </summary>
/// <remarks>
/// <para><c>L = −Σ_b Σ_t m_bt log π(y_bt) / max(1, Σ_b Σ_t m_bt)</c> (<see cref="SftReduction.TokenMeanOverBatch"/>,
/// the default), or the mean over sequences of each sequence's token mean
/// (<see cref="SftReduction.SequenceMeanThenBatchMean"/>). <c>m</c> is the completion mask: 1 at the chosen
/// completion's tokens, 0 at prompt and padding, which have no effect on the loss or its gradient.</para>
/// <para>From logits <c>[B, T, V]</c> the log-probabilities come from <see cref="SequenceLogProbabilities.PerToken"/>
/// (float32 arithmetic); from per-token log-probabilities <c>[B, T]</c> float64 stays float64.</para>
/// </remarks>
public sealed class SftObjective
{
    /// <summary>Builds the objective.</summary>
    /// <param name="options">Options; <see cref="SftOptions.Default"/> when null.</param>
    public SftObjective(SftOptions? options = null) => Options = options ?? SftOptions.Default;

    /// <summary>The options this objective was built with.</summary>
    public SftOptions Options { get; }

    /// <summary>SFT loss from logits.</summary>
    /// <param name="logits">Logits <c>[B, T, V]</c> (float32, float16 or bfloat16), position t predicting targets[:, t].</param>
    /// <param name="targets">Token ids <c>[B, T]</c>, int64 or int32, in <c>[0, V)</c> (any valid id at masked positions).</param>
    /// <param name="completionMask">Mask <c>[B, T]</c> (bool, int or float): nonzero at the chosen completion's tokens.</param>
    /// <returns>The loss; dispose it.</returns>
    public SftResult Compute(Tensor logits, Tensor targets, Tensor completionMask)
    {
        using var scope = NewDisposeScope();
        var perToken = SequenceLogProbabilities.PerToken(logits, targets, completionMask, Options.TokenStatistics);
        return FromLogProbabilities(perToken, completionMask);
    }

    /// <summary>SFT loss from per-token log-probabilities.</summary>
    /// <param name="perTokenLogProbabilities">Log-probabilities of the targets <c>[B, T]</c>, floating point, finite at completion tokens.</param>
    /// <param name="completionMask">Mask <c>[B, T]</c> (bool, int or float): nonzero at the chosen completion's tokens.</param>
    /// <returns>The loss; dispose it.</returns>
    public SftResult ComputeFromLogProbabilities(Tensor perTokenLogProbabilities, Tensor completionMask)
    {
        ArgumentNullException.ThrowIfNull(perTokenLogProbabilities);
        ArgumentNullException.ThrowIfNull(completionMask);
        if (perTokenLogProbabilities.dim() != 2 || !perTokenLogProbabilities.is_floating_point())
            throw new ArgumentException(
                $"perTokenLogProbabilities must be floating point of shape [B, T]; got {perTokenLogProbabilities.dtype} [{string.Join(", ", perTokenLogProbabilities.shape)}].",
                nameof(perTokenLogProbabilities));
        if (!completionMask.shape.SequenceEqual(perTokenLogProbabilities.shape))
            throw new ArgumentException(
                $"completionMask must have the shape of perTokenLogProbabilities, [{string.Join(", ", perTokenLogProbabilities.shape)}]; got [{string.Join(", ", completionMask.shape)}].",
                nameof(completionMask));
        using var scope = NewDisposeScope();
        return FromLogProbabilities(perTokenLogProbabilities, completionMask);
    }

    private SftResult FromLogProbabilities(Tensor perTokenLogProbabilities, Tensor completionMask)
    {
        var computeType = perTokenLogProbabilities.dtype == ScalarType.Float64 ? ScalarType.Float64 : ScalarType.Float32;
        var mask = (completionMask.dtype == ScalarType.Bool ? completionMask : completionMask.ne(0)).to(perTokenLogProbabilities.device);
        var zero = zeros(1, computeType, perTokenLogProbabilities.device);
        var x = where(mask, perTokenLogProbabilities.to(computeType), zero);
        var tokens = mask.to(computeType).sum([1L]);
        var loss = Options.Reduction == SftReduction.TokenMeanOverBatch
            ? -x.sum() / tokens.sum().clamp_min(1.0)
            : -(x.sum([1L]) / tokens.clamp_min(1.0)).mean();
        var host = stack([tokens.sum().to(ScalarType.Float64), loss.detach().to(ScalarType.Float64), x.isfinite().all().to(ScalarType.Float64)])
            .cpu().data<double>().ToArray();
        if (host[2] == 0)
            throw new ArgumentException("perTokenLogProbabilities must be finite at completion tokens; they hold NaN or ±∞.", nameof(perTokenLogProbabilities));
        return new SftResult(loss.MoveToOuterDisposeScope(), (long)host[0], host[1]);
    }
}
