namespace Gem.Sega.Rewards;

/// <summary>How SEGA turns a group's ratings <c>ρ_i</c> into rewards <c>r_i = f(ρ_i)</c> (DESIGN.md step 6).</summary>
public enum RewardTransform
{
    /// <summary><c>r_i = ρ_i</c> — the paper's form (default).</summary>
    Identity,

    /// <summary>
    /// <c>r_i = (ρ_i − mean_g ρ) / (std_g ρ + ε)</c>, with the unbiased (n − 1) group standard deviation and
    /// <see cref="Objectives.SegaOptions.StandardDeviationEpsilon"/> as ε — the form of the official code.
    /// </summary>
    Standardize,

    /// <summary>
    /// <c>r_i = rank_i / (n − 1) − ½ ∈ [−½, ½]</c>, ranks 0 … n − 1 ascending within the group, ties sharing their
    /// average rank (so a group of equal ratings gets all zeros).
    /// </summary>
    CenteredRank,

    /// <summary><c>r_i = exp(ρ_i / T) / Σ_{j∈g} exp(ρ_j / T)</c>, T = <see cref="Objectives.SegaOptions.SoftmaxTemperature"/>.</summary>
    Softmax,

    /// <summary><see cref="Objectives.SegaOptions.CustomRewardTransform"/>, a user delegate over the padded group layout.</summary>
    Custom,
}
