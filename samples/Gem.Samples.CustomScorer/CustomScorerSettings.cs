using Gem.Samples.Common;

namespace Gem.Samples.CustomScorer;

/// <summary>What the sample runs: the two scorers side by side on one prompt's candidates, then a few GEM steps with
/// the custom scorer plugged into the trainer (default 8 steps; the rest as <see cref="StoryGemSettings"/>). The first
/// prompt is the one whose candidates are compared.</summary>
public sealed record CustomScorerSettings() : StoryGemSettings(DefaultPrompts, steps: 8)
{
    /// <summary>The story openings trained on (and probed before and after).</summary>
    public static IReadOnlyList<string> DefaultPrompts { get; } =
        ["Once upon a time", "Lily saw a big dog", "Tom wanted to play", "The cat was hungry", "Mom gave Ben a toy", "The sun was hot"];

    /// <summary>γ, the weight of the answer's entropy spread (default 1).</summary>
    public double SpreadWeight { get; init; } = 1.0;

    /// <summary>Candidates sampled for the side-by-side comparison (default 6; seed <see cref="StoryGemSettings.Seed"/>).</summary>
    public int CompareCandidates { get; init; } = 6;
}
