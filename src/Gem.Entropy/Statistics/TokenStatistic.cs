namespace Gem.Entropy.Statistics;

/// <summary>The per-token statistics that <see cref="TokenStatistics.Compute"/> can return; any combination in one pass.</summary>
[Flags]
public enum TokenStatistic
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>Shannon entropy in nats, <c>H = logsumexp(z) − Σ_v softmax(z)_v · z_v</c>.</summary>
    Entropy = 1,

    /// <summary>Log-probability of a given target token, <c>z_y − logsumexp(z)</c>.</summary>
    TargetLogProbability = 2,

    /// <summary><c>logsumexp(z)</c> over the vocabulary.</summary>
    LogSumExp = 4,

    /// <summary>
    /// Self-certainty, the Kullback–Leibler divergence from the uniform distribution to the model's,
    /// <c>KL(U ‖ p) = −log V' − (1/V') Σ_v log p_v</c> (nats, ≥ 0), with <c>U</c> uniform over the <c>V'</c> entries
    /// that are not masked (finite logits). High when the distribution is peaked (Zhao et al., "Learning to Reason
    /// without External Rewards", 2025).
    /// </summary>
    SelfCertainty = 8,

    /// <summary>All four.</summary>
    All = Entropy | TargetLogProbability | LogSumExp | SelfCertainty,
}
