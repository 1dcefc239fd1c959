namespace Gem.Samples.CustomScorer;

/// <summary>What the sample runs: the two scorers side by side on one prompt's candidates, then a few GEM steps with
/// the custom scorer plugged into the trainer.</summary>
public sealed record CustomScorerSettings
{
    /// <summary>The story openings trained on (and probed before and after).</summary>
    public static IReadOnlyList<string> DefaultPrompts { get; } =
        ["Once upon a time", "Lily saw a big dog", "Tom wanted to play", "The cat was hungry", "Mom gave Ben a toy", "The sun was hot"];

    /// <summary>The prompts; at least one. The first is the one whose candidates are compared.</summary>
    public IReadOnlyList<string> Prompts { get; init; } = DefaultPrompts;

    /// <summary>γ, the weight of the answer's entropy spread (default 1).</summary>
    public double SpreadWeight { get; init; } = 1.0;

    /// <summary>Candidates sampled for the side-by-side comparison (default 6).</summary>
    public int CompareCandidates { get; init; } = 6;

    /// <summary>Optimiser steps (default 8).</summary>
    public int Steps { get; init; } = 8;

    /// <summary>k, candidates sampled per prompt in each step (default 4).</summary>
    public int CandidatesPerPrompt { get; init; } = 4;

    /// <summary>Tokens per candidate at most (default 48).</summary>
    public int MaxNewTokens { get; init; } = 48;

    /// <summary>Sampling temperature τ (default 0.9).</summary>
    public double Temperature { get; init; } = 0.9;

    /// <summary>AdamW's constant learning rate (default 5e-4; gradients are clipped at norm 1).</summary>
    public double LearningRate { get; init; } = 5e-4;

    /// <summary>Prompts per step (default 4).</summary>
    public int BatchSize { get; init; } = 4;

    /// <summary>Candidates per prompt in the before/after probe (default 8).</summary>
    public int ProbeCandidates { get; init; } = 8;

    /// <summary>Seed of the sampling (comparison, training and, offset, the probe) and of the data order.</summary>
    public long Seed { get; init; } = 1;
}
