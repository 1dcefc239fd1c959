namespace Gem.Samples.Common;

/// <summary>
/// A short GEM run on stories260K over a handful of story openings, as the pretrained and custom-scorer samples run it
/// (<see cref="StoryGem"/>): k sampled candidates per prompt, no human pairs, and a fixed-seed probe before and after.
/// </summary>
public abstract record StoryGemSettings
{
    /// <summary>Sets the values that differ between the samples.</summary>
    /// <param name="prompts">The default prompts.</param>
    /// <param name="steps">The default number of optimiser steps.</param>
    protected StoryGemSettings(IReadOnlyList<string> prompts, int steps)
    {
        Prompts = prompts;
        Steps = steps;
    }

    /// <summary>The story openings trained on (and probed before and after); at least one.</summary>
    public IReadOnlyList<string> Prompts { get; init; }

    /// <summary>Optimiser steps; at least one.</summary>
    public int Steps { get; init; }

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

    /// <summary>Seed of the data order, the sampling during training, and (offset by 1000) the probe.</summary>
    public long Seed { get; init; } = 1;
}
