using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Entropy.Scoring;

/// <summary>Masked reductions over <c>[members, T]</c> shared by the scorers.</summary>
internal static class ScoringMath
{
    /// <summary>Mean of <paramref name="values"/> where <paramref name="mask"/>, per row; 0 for an empty row.</summary>
    public static Tensor MaskedMean(Tensor values, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var count = mask.sum([1L]).to(ScalarType.Float32);
        var total = where(mask, values, zeros_like(values)).sum([1L]);
        return (total / count.clamp_min(1.0)).MoveToOuterDisposeScope();
    }

    /// <summary>Throws when a value inside <paramref name="mask"/> is NaN or infinite (one synchronisation).</summary>
    public static void ThrowIfNotFinite(Tensor values, Tensor mask, string parameterName)
    {
        using var scope = NewDisposeScope();
        var bad = values.isfinite().logical_not().logical_and(mask);
        if (!bad.any().cpu().item<bool>())
            return;
        var flat = bad.reshape(-1).to(ScalarType.Int64).argmax().cpu().item<long>();
        var t = values.shape[1];
        throw new ArgumentException(
            $"{parameterName} holds a non-finite value ({values.reshape(-1)[flat].cpu().item<float>()}) at member {flat / t}, position {flat % t}, inside the completion mask.",
            parameterName);
    }
}
