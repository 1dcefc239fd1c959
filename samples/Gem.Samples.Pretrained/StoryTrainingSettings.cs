namespace Gem.Samples.Pretrained;

/// <summary>What the <c>train</c> command runs: a few GEM steps on stories260K over a handful of story openings.</summary>
public sealed record StoryTrainingSettings
{
    /// <summary>The story openings trained on (and probed before and after).</summary>
    public static IReadOnlyList<string> DefaultPrompts { get; } =
        ["Once upon a time", "One day, Lily went to the park", "Tom had a big red ball", "The little bird was sad", "Sue and her mom baked a cake", "The dog found a stick"];

    /// <summary>The prompts; at least one.</summary>
    public IReadOnlyList<string> Prompts { get; init; } = DefaultPrompts;

    /// <summary>Optimiser steps (default 12).</summary>
    public int Steps { get; init; } = 12;

    /// <summary>k, candidates sampled per prompt in each step (default 4).</summary>
    public int CandidatesPerPrompt { get; init; } = 4;

    /// <summary>Tokens per candidate at most (default 48).</summary>
    public int MaxNewTokens { get; init; } = 48;

    /// <summary>Sampling temperature τ (default 0.9, the paper's).</summary>
    public double Temperature { get; init; } = 0.9;

    /// <summary>Learning rate of AdamW, constant (default 5e-4; gradients are clipped at norm 1).</summary>
    public double LearningRate { get; init; } = 5e-4;

    /// <summary>Prompts per step (default 4).</summary>
    public int BatchSize { get; init; } = 4;

    /// <summary>Candidates per prompt in the before/after probe (default 8).</summary>
    public int ProbeCandidates { get; init; } = 8;

    /// <summary>Seed of the data order, the sampling during training, and (offset) the probe.</summary>
    public long Seed { get; init; } = 1;
}
