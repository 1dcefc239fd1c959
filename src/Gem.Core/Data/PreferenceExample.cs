namespace Gem.Core.Data;

/// <summary>
/// One training or evaluation example: a prompt, optionally a human preference pair (<see cref="Chosen"/> ≻
/// <see cref="Rejected"/>), optionally a gold final answer. Completions are the text after the prompt (no template).
/// </summary>
public sealed record PreferenceExample
{
    /// <summary>Creates an example; chosen and rejected are given together or not at all.</summary>
    /// <param name="prompt">The prompt text (non-empty).</param>
    /// <param name="chosen">The preferred completion, or null.</param>
    /// <param name="rejected">The dispreferred completion, or null.</param>
    /// <param name="goldAnswer">The reference final answer (GSM8K's <c>#### N</c>), or null.</param>
    /// <param name="referenceCompletion">A reference solution (GSM8K's worked answer), or null.</param>
    public PreferenceExample(string prompt, string? chosen, string? rejected, string? goldAnswer = null, string? referenceCompletion = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(prompt);
        if ((chosen is null) != (rejected is null))
            throw new ArgumentException($"chosen and rejected are given together or not at all; chosen was {(chosen is null ? "null" : "given")}, rejected {(rejected is null ? "null" : "given")}.", chosen is null ? nameof(chosen) : nameof(rejected));
        Prompt = prompt;
        Chosen = chosen;
        Rejected = rejected;
        GoldAnswer = goldAnswer;
        ReferenceCompletion = referenceCompletion;
    }

    /// <summary>The prompt text.</summary>
    public string Prompt { get; }

    /// <summary>The preferred completion, or null when the example has no pair.</summary>
    public string? Chosen { get; }

    /// <summary>The dispreferred completion, or null when the example has no pair.</summary>
    public string? Rejected { get; }

    /// <summary>The gold final answer, or null.</summary>
    public string? GoldAnswer { get; }

    /// <summary>A reference solution, or null.</summary>
    public string? ReferenceCompletion { get; }

    /// <summary>Whether <see cref="Chosen"/> and <see cref="Rejected"/> are present.</summary>
    public bool HasPreferencePair => Chosen is not null;
}
