using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Core.Policy;

/// <summary>
/// A causal language model over token ids, as Gem sees a caller's TorchSharp model: a full teacher-forced forward
/// and, when the model supports it, incremental decoding with a key/value cache that the model owns.
/// </summary>
/// <remarks>
/// Conventions for every method: token ids are int64; an attention mask is int64 or bool with 1 for a real token and
/// 0 for padding (Gem left-pads prompts); the model derives position ids from the mask
/// (<c>position = cumsum(mask) − 1</c>), so left padding does not shift positions. Logits come back as
/// <c>[B, T, V]</c> in the model's dtype (Gem converts to fp32 where it computes statistics).
/// </remarks>
public interface ICausalLanguageModel
{
    /// <summary>The TorchSharp module whose parameters are trained (optimiser, train/eval mode, checkpoints).</summary>
    nn.Module TrainableModule { get; }

    /// <summary>The device the model's parameters live on; inputs are moved there.</summary>
    Device Device { get; }

    /// <summary>The dtype of the model's parameters (float32 or bfloat16 typically).</summary>
    ScalarType DType { get; }

    /// <summary>Size V of the vocabulary: every token id must lie in <c>[0, V)</c>.</summary>
    int VocabularySize { get; }

    /// <summary>The longest sequence (prompt plus completion) the model accepts, or <see langword="null"/> when unbounded.</summary>
    int? MaxSequenceLength { get; }

    /// <summary>Whether <see cref="CreateCache"/> and <see cref="ForwardCached"/> are supported.</summary>
    bool SupportsKeyValueCache { get; }

    /// <summary>Teacher-forced forward over whole sequences.</summary>
    /// <param name="inputIds">Token ids <c>[B, T]</c>, int64.</param>
    /// <param name="attentionMask">Mask <c>[B, T]</c> (1 = token, 0 = padding), or <see langword="null"/> when nothing is padded.</param>
    /// <returns>Logits <c>[B, T, V]</c>; position t predicts token t + 1.</returns>
    Tensor Forward(Tensor inputIds, Tensor? attentionMask);

    /// <summary>Creates an empty key/value cache for <paramref name="batchSize"/> rows and up to <paramref name="capacity"/> positions.</summary>
    /// <param name="batchSize">Rows B of every later <see cref="ForwardCached"/> call.</param>
    /// <param name="capacity">Total positions (prompt plus new tokens) the cache must hold.</param>
    /// <returns>A cache the caller disposes; it owns its tensors.</returns>
    /// <exception cref="NotSupportedException">When <see cref="SupportsKeyValueCache"/> is false.</exception>
    IKeyValueCache CreateCache(int batchSize, int capacity);

    /// <summary>Forward over new tokens only, reading and extending <paramref name="cache"/>.</summary>
    /// <param name="inputIds">New token ids <c>[B, t]</c>, int64 (the whole prompt first, then one token per step).</param>
    /// <param name="attentionMask">Mask over everything so far, <c>[B, cache.Length + t]</c>.</param>
    /// <param name="cache">A cache from <see cref="CreateCache"/>; its <see cref="IKeyValueCache.Length"/> grows by t.</param>
    /// <returns>Logits <c>[B, t, V]</c> for the new positions.</returns>
    /// <exception cref="NotSupportedException">When <see cref="SupportsKeyValueCache"/> is false.</exception>
    Tensor ForwardCached(Tensor inputIds, Tensor attentionMask, IKeyValueCache cache);
}
