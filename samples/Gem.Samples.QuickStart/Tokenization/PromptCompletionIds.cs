namespace Gem.Samples.QuickStart.Tokenization;

/// <summary>
/// A tokenised prompt–completion sequence: <c>[BOS] prompt completion [EOS]</c>. Positions
/// <c>[PromptLength, Ids.Count)</c> are the completion's tokens (EOS included): the tokens a loss or a score reads.
/// </summary>
/// <param name="Ids">All ids, BOS first and EOS last.</param>
/// <param name="PromptLength">How many leading ids (BOS included) belong to the prompt.</param>
public sealed record PromptCompletionIds(IReadOnlyList<int> Ids, int PromptLength)
{
    /// <summary>How many ids belong to the completion, EOS included.</summary>
    public int CompletionLength => Ids.Count - PromptLength;
}
