using static TorchSharp.torch;

namespace Gem.Entropy.Spans;

/// <summary>
/// The answer is the last <c>max(1, ⌈f · n⌉)</c> of a completion's <c>n</c> tokens (DESIGN.md's fallback: f = 0.2); the
/// reasoning is the rest. An empty completion has empty spans and <see cref="AnswerSpans.AnswerFound"/> false.
/// </summary>
public sealed class TailFractionSpanStrategy : IAnswerSpanStrategy
{
    /// <summary>Creates the strategy.</summary>
    /// <param name="fraction">The answer's share of the completion, in <c>(0, 1]</c>; default 0.2.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fraction"/> is outside <c>(0, 1]</c>.</exception>
    public TailFractionSpanStrategy(double fraction = 0.2)
    {
        if (!(fraction > 0 && fraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "fraction must lie in (0, 1].");
        Fraction = fraction;
    }

    /// <summary>The answer's share of the completion, in <c>(0, 1]</c>.</summary>
    public double Fraction { get; }

    /// <summary>The answer's length for a completion of <paramref name="tokens"/> tokens: <c>max(1, ⌈f·n⌉)</c>, 0 when empty.</summary>
    /// <param name="tokens">The completion's token count, at least 0.</param>
    /// <returns>The number of answer tokens.</returns>
    public int AnswerLength(int tokens) =>
        tokens <= 0 ? 0 : Math.Min(tokens, Math.Max(1, (int)Math.Ceiling((Fraction * tokens) - 1e-9))); // 1e-9: 0.2·15 is 3.0000000000000004

    /// <inheritdoc />
    public AnswerSpans Locate(Tensor completionIds, Tensor completionMask)
    {
        var tokens = CompletionTokens.Read(completionIds, completionMask);
        return tokens.ToSpans(
            tokens.Positions.Select(p => p.Length - AnswerLength(p.Length)).ToArray(),
            tokens.Positions.Select(p => p.Length > 0).ToArray());
    }
}
