namespace Gem.Core.Filtering;

/// <summary>Options of <see cref="TrueSkillRanker"/> (TrueSkill's usual defaults); validated when set.</summary>
public sealed class TrueSkillOptions
{
    private double _mu = 25.0;
    private double _sigma = 25.0 / 3.0;
    private double _beta = 25.0 / 6.0;
    private double _tau = 25.0 / 300.0;
    private double _humanWeight = 1.0;

    /// <summary>Prior mean μ₀ of every member's skill. Default 25.</summary>
    public double Mu { get => _mu; init => _mu = OptionChecks.Finite(value, nameof(Mu)); }

    /// <summary>Prior standard deviation σ₀ &gt; 0 of every member's skill. Default 25/3.</summary>
    public double Sigma { get => _sigma; init => _sigma = OptionChecks.Positive(value, nameof(Sigma)); }

    /// <summary>Performance noise β &gt; 0: the skill gap giving about 76% chance of winning. Default 25/6.</summary>
    public double Beta { get => _beta; init => _beta = OptionChecks.Positive(value, nameof(Beta)); }

    /// <summary>Dynamics τ ≥ 0, added once to the prior variance (σ₀² + τ²). Default 25/300.</summary>
    public double Tau { get => _tau; init => _tau = OptionChecks.NonNegative(value, nameof(Tau)); }

    /// <summary>
    /// Weight <c>w_h ≥ 0</c> of the human outcome relative to one induced outcome. Games carry weights
    /// <c>g_h = min(w_h, 1)</c> (human) and <c>g = 1/max(w_h, 1)</c> (induced, when a human pair is present). Default 1.
    /// </summary>
    public double HumanWeight { get => _humanWeight; init => _humanWeight = OptionChecks.NonNegative(value, nameof(HumanWeight)); }
}
