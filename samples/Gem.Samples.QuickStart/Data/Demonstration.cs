using Gem.Samples.QuickStart.Problems;

namespace Gem.Samples.QuickStart.Data;

/// <summary>An SFT demonstration: a prompt and the completion to imitate, which may contain a realistic mistake.</summary>
/// <param name="Prompt">The prompt text.</param>
/// <param name="Completion">The completion to imitate.</param>
/// <param name="Problem">The problem behind the prompt.</param>
/// <param name="Flaw">The mistake in <paramref name="Completion"/>; <c>null</c> when it is correct.</param>
public sealed record Demonstration(string Prompt, string Completion, WordProblem Problem, FlawKind? Flaw)
{
    /// <summary>Whether the completion is the correct chain.</summary>
    public bool IsCorrect => Flaw is null;
}
