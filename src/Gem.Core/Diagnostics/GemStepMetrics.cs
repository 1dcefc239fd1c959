namespace Gem.Core.Diagnostics;

/// <summary>
/// What one GEM training step measured, as TRL's trainers log it. Reported through <c>IProgress&lt;GemStepMetrics&gt;</c>,
/// the trainer's <c>ILogger</c> and, optionally, <see cref="TensorBoardMetricsWriter"/>.
/// </summary>
/// <remarks>Means are over the step's group members (or groups, where stated); times are wall-clock.</remarks>
public sealed record GemStepMetrics
{
    /// <summary>The optimiser step these metrics belong to (1 for the first step).</summary>
    public required long Step { get; init; }

    /// <summary>The loss that was back-propagated (SEGA, plus β·KL when enabled), averaged over accumulated micro-batches.</summary>
    public required double Loss { get; init; }

    /// <summary>Mean of the rewards <c>r_i = f(ρ_i)</c> over all members.</summary>
    public required double RewardMean { get; init; }

    /// <summary>Standard deviation of the rewards over all members (population, divisor N).</summary>
    public required double RewardStd { get; init; }

    /// <summary>Mean of <c>|A_i|</c>, the advantages' magnitude: zero means no learning signal.</summary>
    public required double AdvantageAbsMean { get; init; }

    /// <summary>Mean answer-span entropy <c>H_final</c> (nats) over members.</summary>
    public required double MeanFinalEntropy { get; init; }

    /// <summary>Mean fork term <c>F</c> (mean of the top-m reasoning entropies, nats) over members.</summary>
    public required double MeanForkTerm { get; init; }

    /// <summary>Fraction of members in which an answer marker was found, in [0, 1].</summary>
    public required double AnswerFoundFraction { get; init; }

    /// <summary>Groups whose advantages were all zero (no gradient).</summary>
    public required int ZeroVarianceGroups { get; init; }

    /// <summary>Groups in the step.</summary>
    public required int Groups { get; init; }

    /// <summary>Mean per-token KL to the reference (k3 estimator), or <see langword="null"/> when no reference is used.</summary>
    public double? KullbackLeibler { get; init; }

    /// <summary>Total gradient L2 norm before clipping.</summary>
    public required double GradientNorm { get; init; }

    /// <summary>The learning rate used by this step.</summary>
    public required double LearningRate { get; init; }

    /// <summary>Mean completion length in tokens (sampled members, up to and including end-of-sequence).</summary>
    public required double MeanCompletionLength { get; init; }

    /// <summary>Tokens processed per second over the whole step (generated plus teacher-forced).</summary>
    public required double TokensPerSecond { get; init; }

    /// <summary>Time spent generating candidates.</summary>
    public required TimeSpan GenerationTime { get; init; }

    /// <summary>Time spent in the forward/backward pass and optimiser update.</summary>
    public required TimeSpan UpdateTime { get; init; }

    /// <summary>
    /// The metrics as (tag, value) pairs named as TRL names them (<c>train/loss</c>, <c>train/reward</c>, …), for
    /// scalar loggers such as TensorBoard. <see cref="KullbackLeibler"/> is left out when absent.
    /// </summary>
    /// <returns>The scalars, in a fixed order.</returns>
    public IReadOnlyList<KeyValuePair<string, double>> ToScalars()
    {
        var scalars = new List<KeyValuePair<string, double>>
        {
            new("train/loss", Loss),
            new("train/reward", RewardMean),
            new("train/reward_std", RewardStd),
            new("train/advantage_abs_mean", AdvantageAbsMean),
            new("train/entropy_final", MeanFinalEntropy),
            new("train/fork_term", MeanForkTerm),
            new("train/answer_found_fraction", AnswerFoundFraction),
            new("train/frac_reward_zero_std", Groups == 0 ? 0.0 : (double)ZeroVarianceGroups / Groups),
            new("train/grad_norm", GradientNorm),
            new("train/learning_rate", LearningRate),
            new("train/completion_length", MeanCompletionLength),
            new("train/tokens_per_second", TokensPerSecond),
            new("train/generation_seconds", GenerationTime.TotalSeconds),
            new("train/update_seconds", UpdateTime.TotalSeconds),
        };
        if (KullbackLeibler is { } kl)
            scalars.Insert(8, new("train/kl", kl));
        return scalars;
    }
}
