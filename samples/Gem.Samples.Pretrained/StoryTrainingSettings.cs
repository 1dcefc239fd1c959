using Gem.Samples.Common;

namespace Gem.Samples.Pretrained;

/// <summary>What the <c>train</c> command runs: a few GEM steps on stories260K over a handful of story openings
/// (default 12 steps; the rest as <see cref="StoryGemSettings"/>).</summary>
public sealed record StoryTrainingSettings() : StoryGemSettings(DefaultPrompts, steps: 12)
{
    /// <summary>The story openings trained on (and probed before and after).</summary>
    public static IReadOnlyList<string> DefaultPrompts { get; } =
        ["Once upon a time", "One day, Lily went to the park", "Tom had a big red ball", "The little bird was sad", "Sue and her mom baked a cake", "The dog found a stick"];
}
