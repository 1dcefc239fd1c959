namespace Gem.Core.Tokenization;

/// <summary>
/// A prompt and a completion as token ids, concatenated: <c>Ids = PromptIds ++ CompletionIds</c>. The boundary is
/// exact because the two parts are tokenised separately (a BPE merge never crosses it).
/// </summary>
public sealed class EncodedSequence
{
    /// <summary>Creates a sequence from its two parts.</summary>
    /// <param name="promptIds">The formatted prompt's ids (non-empty).</param>
    /// <param name="completionIds">The completion's ids, suffix included (may be empty).</param>
    public EncodedSequence(IReadOnlyList<int> promptIds, IReadOnlyList<int> completionIds)
    {
        ArgumentNullException.ThrowIfNull(promptIds);
        ArgumentNullException.ThrowIfNull(completionIds);
        if (promptIds.Count == 0)
            throw new ArgumentException("promptIds must not be empty.", nameof(promptIds));
        PromptIds = promptIds.ToArray();
        CompletionIds = completionIds.ToArray();
        Ids = PromptIds.Concat(CompletionIds).ToArray();
    }

    /// <summary>The prompt's ids.</summary>
    public IReadOnlyList<int> PromptIds { get; }

    /// <summary>The completion's ids.</summary>
    public IReadOnlyList<int> CompletionIds { get; }

    /// <summary>All ids, prompt first.</summary>
    public IReadOnlyList<int> Ids { get; }

    /// <summary>The number of prompt tokens: completion tokens are <c>Ids[PromptLength..]</c>.</summary>
    public int PromptLength => PromptIds.Count;

    /// <summary>The number of completion tokens.</summary>
    public int CompletionLength => CompletionIds.Count;
}
