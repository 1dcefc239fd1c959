using Gem.Entropy.Statistics;
using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Sega.LogProbabilities;

/// <summary>
/// Sequence log-probabilities of completions, <c>ℓ = Σ_t m_t · log p(y_t)</c> (sum) and <c>ℓ / Σ_t m_t</c> (mean),
/// through <see cref="TokenStatistics"/>' selected-log-probability kernel, with gradient when the logits have one.
/// </summary>
public static class SequenceLogProbabilities
{
    /// <summary>Per-token log-probabilities of <paramref name="targets"/>, zero where <paramref name="completionMask"/> is 0.</summary>
    /// <param name="logits">Logits <c>[B, T, V]</c> aligned with the targets (position t's logits predict targets[:, t]).</param>
    /// <param name="targets">Token ids <c>[B, T]</c>, int64; at masked positions any id in <c>[0, V)</c>.</param>
    /// <param name="completionMask">Mask <c>[B, T]</c>: 1 for completion tokens, 0 for prompt and padding (bool, int or float).</param>
    /// <param name="options">Chunking options for the kernel; default when null.</param>
    /// <returns>Masked per-token log-probabilities <c>[B, T]</c>, float32.</returns>
    public static Tensor PerToken(Tensor logits, Tensor targets, Tensor completionMask, TokenStatisticsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(completionMask);
        if (logits.dim() != 3)
            throw new ArgumentException($"logits must have shape [B, T, V]; got [{string.Join(", ", logits.shape)}].", nameof(logits));
        if (!completionMask.shape.AsSpan().SequenceEqual(logits.shape.AsSpan(0, 2)))
            throw new ArgumentException(
                $"completionMask must have shape [{logits.shape[0]}, {logits.shape[1]}] like the logits' [B, T]; got [{string.Join(", ", completionMask.shape)}].",
                nameof(completionMask));
        using var scope = NewDisposeScope();
        var perToken = TokenStatistics.SelectedLogProbabilities(logits, targets, options);
        // where(), not a product: a masked position contributes exactly 0 and no gradient.
        return where(completionMask.to(ScalarType.Bool), perToken, zeros_like(perToken)).MoveToOuterDisposeScope();
    }

    /// <summary>Sequence sums <c>ℓ_b = Σ_t m_bt · log p(y_bt)</c>.</summary>
    /// <param name="logits">Logits <c>[B, T, V]</c>.</param>
    /// <param name="targets">Token ids <c>[B, T]</c>, int64.</param>
    /// <param name="completionMask">Mask <c>[B, T]</c>, 1 for completion tokens.</param>
    /// <param name="options">Chunking options; default when null.</param>
    /// <returns><c>[B]</c> float32.</returns>
    public static Tensor Sum(Tensor logits, Tensor targets, Tensor completionMask, TokenStatisticsOptions? options = null)
    {
        using var scope = NewDisposeScope();
        return PerToken(logits, targets, completionMask, options).sum([1L]).MoveToOuterDisposeScope();
    }

    /// <summary>Per-token means <c>ℓ_b / max(1, Σ_t m_bt)</c>; a row without completion tokens gives 0.</summary>
    /// <param name="logits">Logits <c>[B, T, V]</c>.</param>
    /// <param name="targets">Token ids <c>[B, T]</c>, int64.</param>
    /// <param name="completionMask">Mask <c>[B, T]</c>, 1 for completion tokens.</param>
    /// <param name="options">Chunking options; default when null.</param>
    /// <returns><c>[B]</c> float32.</returns>
    public static Tensor Mean(Tensor logits, Tensor targets, Tensor completionMask, TokenStatisticsOptions? options = null)
    {
        using var scope = NewDisposeScope();
        var count = completionMask.to(ScalarType.Float32).sum([1L]).clamp_min(1.0);
        return (PerToken(logits, targets, completionMask, options).sum([1L]) / count).MoveToOuterDisposeScope();
    }
}
