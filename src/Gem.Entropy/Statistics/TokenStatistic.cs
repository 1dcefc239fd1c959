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

    /// <summary>All three.</summary>
    All = Entropy | TargetLogProbability | LogSumExp,
}
