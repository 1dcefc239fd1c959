using Gem.Sega.Baselines;
using Gem.Sega.Rewards;

namespace Gem.Sega.Objectives;

/// <summary>
/// Options of <see cref="SegaObjective"/>. Each value is checked when set; the combination is checked when a
/// <see cref="SegaObjective"/> is built from them. Defaults are the paper's: identity rewards, mean baseline, no
/// division by the standard deviation, sequence-sum aggregation, no KL, no clipping.
/// </summary>
public sealed class SegaOptions
{
    /// <summary>The paper's defaults.</summary>
    public static SegaOptions Default { get; } = new();

    /// <summary>The reward transform <c>r = f(ρ)</c>; default <see cref="Rewards.RewardTransform.Identity"/>.</summary>
    public RewardTransform RewardTransform
    {
        get => _rewardTransform;
        init
        {
            if (!Enum.IsDefined(value))
                throw new ArgumentOutOfRangeException(nameof(RewardTransform), value, "RewardTransform must be one of the named values.");
            _rewardTransform = value;
        }
    }

    /// <summary>
    /// The delegate used when <see cref="RewardTransform"/> is <see cref="Rewards.RewardTransform.Custom"/> (required
    /// then, and only then).
    /// </summary>
    public GroupRewardFunction? CustomRewardTransform { get; init; }

    /// <summary>Temperature <c>T</c> of <see cref="Rewards.RewardTransform.Softmax"/>; finite and &gt; 0, default 1.</summary>
    public double SoftmaxTemperature
    {
        get => _softmaxTemperature;
        init
        {
            if (!double.IsFinite(value) || value <= 0)
                throw new ArgumentOutOfRangeException(nameof(SoftmaxTemperature), value, "SoftmaxTemperature must be finite and greater than 0.");
            _softmaxTemperature = value;
        }
    }

    /// <summary>The baseline <c>b</c>; default <see cref="Baselines.Baseline.Mean"/>.</summary>
    public Baseline Baseline
    {
        get => _baseline;
        init
        {
            if (!Enum.IsDefined(value))
                throw new ArgumentOutOfRangeException(nameof(Baseline), value, "Baseline must be one of the named values.");
            _baseline = value;
        }
    }

    /// <summary>
    /// When <see langword="true"/>, advantages are divided by the group's reward standard deviation (unbiased) plus
    /// <see cref="StandardDeviationEpsilon"/>: <c>A_i = (r_i − b) / (std_g r + ε)</c>. Default <see langword="false"/> (the paper).
    /// </summary>
    public bool DivideByGroupStandardDeviation { get; init; }

    /// <summary>ε added to group standard deviations before dividing; finite and &gt; 0, default 1e-4.</summary>
    public double StandardDeviationEpsilon
    {
        get => _standardDeviationEpsilon;
        init
        {
            if (!double.IsFinite(value) || value <= 0)
                throw new ArgumentOutOfRangeException(nameof(StandardDeviationEpsilon), value, "StandardDeviationEpsilon must be finite and greater than 0.");
            _standardDeviationEpsilon = value;
        }
    }

    /// <summary>How per-token terms are aggregated; default <see cref="SegaAggregation.SequenceSum"/> (the paper).</summary>
    public SegaAggregation Aggregation
    {
        get => _aggregation;
        init
        {
            if (!Enum.IsDefined(value))
                throw new ArgumentOutOfRangeException(nameof(Aggregation), value, "Aggregation must be one of the named values.");
            _aggregation = value;
        }
    }

    /// <summary>
    /// β of the KL penalty to a frozen reference, per-token k3 estimator
    /// <c>k3_t = exp(log π_ref,t − log π_t) − (log π_ref,t − log π_t) − 1</c>, aggregated like the policy term and
    /// added to the loss as <c>+β·KL</c>. Finite and ≥ 0; default 0 (off). When &gt; 0, reference per-token
    /// log-probabilities must be passed.
    /// </summary>
    public double KlCoefficient
    {
        get => _klCoefficient;
        init
        {
            if (!double.IsFinite(value) || value < 0)
                throw new ArgumentOutOfRangeException(nameof(KlCoefficient), value, "KlCoefficient (β) must be finite and at least 0.");
            _klCoefficient = value;
        }
    }

    /// <summary>
    /// ε of PPO-style ratio clipping, in (0, 1), or <see langword="null"/> (default) for none. When set, old
    /// log-probabilities (those the batch was sampled or first scored with) must be passed.
    /// </summary>
    public double? ClipEpsilon
    {
        get => _clipEpsilon;
        init
        {
            if (value is { } e && (!double.IsFinite(e) || e <= 0 || e >= 1))
                throw new ArgumentOutOfRangeException(nameof(ClipEpsilon), value, "ClipEpsilon must lie in (0, 1) when set.");
            _clipEpsilon = value;
        }
    }

    /// <summary>Where the clipping ratio is formed; default <see cref="Objectives.ClipRatioLevel.Token"/> (PPO, GRPO).</summary>
    public ClipRatioLevel ClipRatioLevel
    {
        get => _clipRatioLevel;
        init
        {
            if (!Enum.IsDefined(value))
                throw new ArgumentOutOfRangeException(nameof(ClipRatioLevel), value, "ClipRatioLevel must be one of the named values.");
            _clipRatioLevel = value;
        }
    }

    /// <summary>Checks the combination of values; called when a <see cref="SegaObjective"/> is built.</summary>
    /// <exception cref="ArgumentException">The combination is inconsistent; the message names the properties.</exception>
    internal void Validate(string parameterName)
    {
        if (RewardTransform == RewardTransform.Custom && CustomRewardTransform is null)
            throw new ArgumentException("SegaOptions.RewardTransform is Custom but SegaOptions.CustomRewardTransform is null; give the delegate.", parameterName);
        if (RewardTransform != RewardTransform.Custom && CustomRewardTransform is not null)
            throw new ArgumentException(
                $"SegaOptions.CustomRewardTransform is set but SegaOptions.RewardTransform is {RewardTransform}; set RewardTransform = Custom to use the delegate.",
                parameterName);
        if (ClipEpsilon is not null && ClipRatioLevel == ClipRatioLevel.Sequence && Aggregation == SegaAggregation.TokenMeanOverGroup)
            throw new ArgumentException(
                "SegaOptions.ClipRatioLevel = Sequence cannot be combined with SegaOptions.Aggregation = TokenMeanOverGroup; use Token-level clipping or a sequence aggregation.",
                parameterName);
    }

    private RewardTransform _rewardTransform = RewardTransform.Identity;
    private double _softmaxTemperature = 1.0;
    private Baseline _baseline = Baseline.Mean;
    private double _standardDeviationEpsilon = 1e-4;
    private SegaAggregation _aggregation = SegaAggregation.SequenceSum;
    private double _klCoefficient;
    private double? _clipEpsilon;
    private ClipRatioLevel _clipRatioLevel = ClipRatioLevel.Token;
}
