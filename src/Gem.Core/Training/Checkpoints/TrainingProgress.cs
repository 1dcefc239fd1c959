namespace Gem.Core.Training.Checkpoints;

/// <summary>
/// The non-tensor state a training run needs to continue exactly: the step, the learning-rate schedule, and named
/// counters (seed counters, the position in the data, the epoch).
/// </summary>
public sealed record TrainingProgress
{
    private readonly long _step;

    /// <summary>Optimiser steps taken so far (≥ 0).</summary>
    public long Step
    {
        get => _step;
        init => _step = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(Step), value, $"Step must be ≥ 0; got {value}.");
    }

    /// <summary>The learning-rate schedule in use, or <see langword="null"/>.</summary>
    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>Named integer counters (for example <c>"sampling-seed"</c>, <c>"data-position"</c>).</summary>
    public IReadOnlyDictionary<string, long> Counters { get; init; } = new Dictionary<string, long>();
}
