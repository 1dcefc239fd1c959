using static TorchSharp.torch;

namespace Gem.Entropy.Spans;

/// <summary>Locates the answer and reasoning spans of completions from their token ids.</summary>
public interface IAnswerSpanStrategy
{
    /// <summary>Locates the spans of a group of completions.</summary>
    /// <param name="completionIds">Token ids <c>[members, T]</c>, int64 or int32, any device; values at masked positions are ignored.</param>
    /// <param name="completionMask"><c>[members, T]</c> (bool, integer or floating): non-zero at completion tokens, zero at padding
    /// (after end-of-sequence) and any other position that belongs to no span.</param>
    /// <returns>The spans, <c>[members, T]</c> masks on the completion mask's device.</returns>
    AnswerSpans Locate(Tensor completionIds, Tensor completionMask);
}
