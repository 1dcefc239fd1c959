using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Entropy.Spans;

/// <summary>
/// The answer and reasoning spans of a group of completions, as masks over the completion positions. Both masks are
/// <c>[members, T]</c> bool on the completion mask's device, disjoint, and inside the completion mask (padding after
/// end-of-sequence is in neither). The caller owns the tensors (dispose this, or let a dispose scope take them).
/// </summary>
public sealed class AnswerSpans : IDisposable
{
    /// <summary>Wraps masks computed elsewhere (a custom <see cref="IAnswerSpanStrategy"/>); takes ownership of the tensors.</summary>
    /// <param name="answerMask"><c>[members, T]</c> bool: true at the answer's tokens.</param>
    /// <param name="reasoningMask"><c>[members, T]</c> bool: true at the reasoning's tokens (before the answer).</param>
    /// <param name="answerFound"><c>[members]</c> bool: whether the strategy's primary rule found the answer (a marker).</param>
    /// <exception cref="ArgumentException">A shape or dtype differs from the above.</exception>
    public AnswerSpans(Tensor answerMask, Tensor reasoningMask, Tensor answerFound)
    {
        ArgumentNullException.ThrowIfNull(answerMask);
        ArgumentNullException.ThrowIfNull(reasoningMask);
        ArgumentNullException.ThrowIfNull(answerFound);
        if (answerMask.dim() != 2 || answerMask.dtype != ScalarType.Bool)
            throw new ArgumentException($"answerMask must be [members, T] bool; got [{string.Join(", ", answerMask.shape)}] {answerMask.dtype}.", nameof(answerMask));
        if (!reasoningMask.shape.SequenceEqual(answerMask.shape) || reasoningMask.dtype != ScalarType.Bool)
            throw new ArgumentException(
                $"reasoningMask must be [{string.Join(", ", answerMask.shape)}] bool like answerMask; got [{string.Join(", ", reasoningMask.shape)}] {reasoningMask.dtype}.",
                nameof(reasoningMask));
        if (answerFound.dim() != 1 || answerFound.shape[0] != answerMask.shape[0] || answerFound.dtype != ScalarType.Bool)
            throw new ArgumentException(
                $"answerFound must be [{answerMask.shape[0]}] bool; got [{string.Join(", ", answerFound.shape)}] {answerFound.dtype}.", nameof(answerFound));
        AnswerMask = answerMask;
        ReasoningMask = reasoningMask;
        AnswerFound = answerFound;
    }

    /// <summary><c>[members, T]</c> bool: the answer span (by default the tokens after the last answer marker).</summary>
    public Tensor AnswerMask { get; }

    /// <summary><c>[members, T]</c> bool: the reasoning span, the completion's tokens before the answer span.</summary>
    public Tensor ReasoningMask { get; }

    /// <summary>
    /// <c>[members]</c> bool: true where the strategy's own rule located the answer — a marker for
    /// <see cref="MarkerSpanStrategy"/> (false where it fell back); a non-empty completion for the tail and last-token strategies.
    /// </summary>
    public Tensor AnswerFound { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        AnswerMask.Dispose();
        ReasoningMask.Dispose();
        AnswerFound.Dispose();
    }
}
