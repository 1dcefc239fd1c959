using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Core.Policy;

/// <summary>Device and dtype of a module, read from its first parameter (CPU and float32 for a module without any).</summary>
internal static class ModuleProperties
{
    public static Device DeviceOf(nn.Module module)
    {
        foreach (var p in module.parameters())
            return p.device;
        return CPU;
    }

    public static ScalarType DTypeOf(nn.Module module)
    {
        foreach (var p in module.parameters())
            return p.dtype;
        return ScalarType.Float32;
    }

    /// <summary>Checks ids <c>[B, T]</c> int64 and, when given, a mask of the same shape.</summary>
    public static void CheckInputs(Tensor inputIds, Tensor? attentionMask)
    {
        ArgumentNullException.ThrowIfNull(inputIds);
        if (inputIds.dim() != 2)
            throw new ArgumentException($"inputIds must be [B, T]; its shape was [{string.Join(", ", inputIds.shape)}].", nameof(inputIds));
        if (inputIds.dtype != ScalarType.Int64)
            throw new ArgumentException($"inputIds must be int64; it was {inputIds.dtype}.", nameof(inputIds));
        if (attentionMask is not null && !attentionMask.shape.SequenceEqual(inputIds.shape))
            throw new ArgumentException(
                $"attentionMask must have the shape of inputIds [{string.Join(", ", inputIds.shape)}]; it was [{string.Join(", ", attentionMask.shape)}].",
                nameof(attentionMask));
    }

    /// <summary>Checks that a module returned logits <c>[B, T, V]</c> for ids <c>[B, T]</c>.</summary>
    public static void CheckLogits(Tensor logits, long batch, long time, int vocabularySize)
    {
        if (logits.dim() != 3 || logits.shape[0] != batch || logits.shape[1] != time || logits.shape[2] != vocabularySize)
            throw new InvalidOperationException(
                $"The module must return logits [B, T, V] = [{batch}, {time}, {vocabularySize}]; it returned [{string.Join(", ", logits.shape)}].");
    }
}
