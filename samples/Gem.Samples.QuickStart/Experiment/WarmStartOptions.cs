namespace Gem.Samples.QuickStart.Experiment;

/// <summary>How the reference model is warm-started by SFT on the demonstrations (some of them flawed). Validated when built.</summary>
public sealed record WarmStartOptions
{
    /// <summary>Creates the options; throws <see cref="ArgumentOutOfRangeException"/> naming a bad value.</summary>
    /// <param name="steps">Optimiser steps, at least 1.</param>
    /// <param name="batchSize">Demonstrations per step, at least 1.</param>
    /// <param name="learningRate">Peak learning rate (warm-up 5%, cosine to 10%), finite and &gt; 0.</param>
    /// <param name="seed">Seed of the initial weights and of the data order.</param>
    public WarmStartOptions(int steps, int batchSize, double learningRate, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (!double.IsFinite(learningRate) || learningRate <= 0)
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "Expected a finite learning rate > 0.");
        (Steps, BatchSize, LearningRate, Seed) = (steps, batchSize, learningRate, seed);
    }

    /// <summary>Optimiser steps.</summary>
    public int Steps { get; }

    /// <summary>Demonstrations per step.</summary>
    public int BatchSize { get; }

    /// <summary>Peak learning rate.</summary>
    public double LearningRate { get; }

    /// <summary>Seed of the initial weights and of the data order.</summary>
    public int Seed { get; }
}
