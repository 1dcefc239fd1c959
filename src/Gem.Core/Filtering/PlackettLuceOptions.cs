namespace Gem.Core.Filtering;

/// <summary>Options of <see cref="PlackettLuceRanker"/>; validated when set.</summary>
public sealed class PlackettLuceOptions
{
    private double _humanWeight = 1.0;
    private double _regularisation = 1.0;
    private int _maxIterations = 100;
    private double _tolerance = 1e-10;

    /// <summary>Weight <c>w_h ≥ 0</c> of the human observation a⁺ ≻ a⁻ (a two-item Plackett–Luce ranking). Default 1.</summary>
    public double HumanWeight { get => _humanWeight; init => _humanWeight = OptionChecks.NonNegative(value, nameof(HumanWeight)); }

    /// <summary>
    /// Precision <c>λ &gt; 0</c> of the Gaussian prior on the log-strengths. One ranking alone has no finite maximum
    /// likelihood, so the prior sets the ratings' scale. Default 1 (a standard normal prior).
    /// </summary>
    public double Regularisation { get => _regularisation; init => _regularisation = OptionChecks.Positive(value, nameof(Regularisation)); }

    /// <summary>Newton iterations at most (≥ 1). Default 100.</summary>
    public int MaxIterations { get => _maxIterations; init => _maxIterations = OptionChecks.AtLeastOne(value, nameof(MaxIterations)); }

    /// <summary>Converged when no log-strength moves by more than this in an iteration (&gt; 0). Default 1e-10.</summary>
    public double Tolerance { get => _tolerance; init => _tolerance = OptionChecks.Positive(value, nameof(Tolerance)); }
}
