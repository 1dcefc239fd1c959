namespace Gem.Core.Training;

/// <summary>
/// What one optimiser step of a baseline trainer (SFT or DPO) measured. Objective-specific values (DPO's
/// <c>rewards/chosen</c>, <c>rewards/margins</c>, …) are in <see cref="Scalars"/> under TRL's names.
/// </summary>
public sealed record TrainerStepMetrics
{
    /// <summary>The optimiser step (1 for the first).</summary>
    public required long Step { get; init; }

    /// <summary>The loss that was back-propagated, over the whole batch.</summary>
    public required double Loss { get; init; }

    /// <summary>Total gradient L2 norm before clipping.</summary>
    public required double GradientNorm { get; init; }

    /// <summary>The learning rate of this step.</summary>
    public required double LearningRate { get; init; }

    /// <summary>Teacher-forced tokens (prompt and completion, without padding) per second.</summary>
    public required double TokensPerSecond { get; init; }

    /// <summary>Wall-clock time of the step.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>Objective-specific scalars, named as TRL names them (for example <c>rewards/accuracies</c>).</summary>
    public IReadOnlyDictionary<string, double> Scalars { get; init; } = new Dictionary<string, double>();
}
