using static TorchSharp.torch;

namespace Gem.Entropy.Spans;

/// <summary>The answer is the completion's last token; the reasoning is the rest. An empty completion has empty spans and <see cref="AnswerSpans.AnswerFound"/> false.</summary>
public sealed class LastTokenSpanStrategy : IAnswerSpanStrategy
{
    /// <inheritdoc />
    public AnswerSpans Locate(Tensor completionIds, Tensor completionMask)
    {
        var tokens = CompletionTokens.Read(completionIds, completionMask);
        return tokens.ToSpans(
            tokens.Positions.Select(p => Math.Max(0, p.Length - 1)).ToArray(),
            tokens.Positions.Select(p => p.Length > 0).ToArray());
    }
}
