namespace Gem.Sega.Objectives;

/// <summary>What a <see cref="SegaObjective"/> step looked like: the figures GRPO-style trainers log.</summary>
/// <param name="GroupCount">Number of groups <c>G</c>.</param>
/// <param name="MemberCount">Number of members <c>N</c>.</param>
/// <param name="RatingMean">Mean of the ratings <c>ρ</c> over all members.</param>
/// <param name="RatingStd">Unbiased standard deviation of the ratings over all members.</param>
/// <param name="RewardMean">Mean of the rewards <c>r = f(ρ)</c> over all members.</param>
/// <param name="RewardStd">Unbiased standard deviation of the rewards over all members.</param>
/// <param name="GroupRewardStdMean">Mean over groups of the within-group (unbiased) reward standard deviation.</param>
/// <param name="AdvantageAbsMean">Mean of <c>|A_i|</c> over all members.</param>
/// <param name="ZeroVarianceGroups">Groups whose rewards are all equal: their advantages are all zero and they
/// contribute no policy gradient.</param>
/// <param name="KlMean">Mean per-token k3 estimate of KL(π ‖ π_ref) over completion tokens; <see langword="null"/>
/// when no reference log-probabilities were given.</param>
/// <param name="ClippedFraction">Fraction of completion tokens (or sequences, for sequence-level ratios) whose
/// surrogate is clipped (<c>ρ &lt; 1 − ε</c> with <c>A &lt; 0</c>, or <c>ρ &gt; 1 + ε</c> with <c>A &gt; 0</c>);
/// <see langword="null"/> when clipping is off.</param>
public sealed record SegaDiagnostics(
    long GroupCount,
    long MemberCount,
    double RatingMean,
    double RatingStd,
    double RewardMean,
    double RewardStd,
    double GroupRewardStdMean,
    double AdvantageAbsMean,
    long ZeroVarianceGroups,
    double? KlMean,
    double? ClippedFraction);
