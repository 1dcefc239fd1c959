using System.Globalization;

namespace Gem.Core.Filtering;

/// <summary>Options of <see cref="BradleyTerryRanker"/>; validated when set.</summary>
public sealed class BradleyTerryOptions
{
    private double _temperature = 1.0;
    private double _humanWeight = 1.0;
    private double _regularisation = 0.01;
    private int _maxIterations = 100;
    private double _tolerance = 1e-10;

    /// <summary>Temperature <c>T &gt; 0</c> of the soft outcomes <c>P(i ≻ j) = σ((S_i − S_j)/T)</c>. Default 1.</summary>
    public double Temperature { get => _temperature; init => _temperature = OptionChecks.Positive(value, nameof(Temperature)); }

    /// <summary>Weight <c>w_h ≥ 0</c> of the human outcome a⁺ ≻ a⁻, in units of one soft pair. Default 1.</summary>
    public double HumanWeight { get => _humanWeight; init => _humanWeight = OptionChecks.NonNegative(value, nameof(HumanWeight)); }

    /// <summary>Precision <c>λ &gt; 0</c> of the Gaussian prior on the strengths (penalty <c>(λ/2)·‖θ‖²</c>). Default 0.01.</summary>
    public double Regularisation { get => _regularisation; init => _regularisation = OptionChecks.Positive(value, nameof(Regularisation)); }

    /// <summary>Newton iterations at most (≥ 1). Default 100.</summary>
    public int MaxIterations { get => _maxIterations; init => _maxIterations = OptionChecks.AtLeastOne(value, nameof(MaxIterations)); }

    /// <summary>Converged when no strength moves by more than this in an iteration (&gt; 0). Default 1e-10.</summary>
    public double Tolerance { get => _tolerance; init => _tolerance = OptionChecks.Positive(value, nameof(Tolerance)); }
}

/// <summary>Validation shared by the options classes: each check throws naming the option and the value.</summary>
internal static class OptionChecks
{
    public static double Positive(double value, string name) =>
        double.IsFinite(value) && value > 0 ? value
            : throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"{name} must be finite and > 0; got {value}."));

    public static double NonNegative(double value, string name) =>
        double.IsFinite(value) && value >= 0 ? value
            : throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"{name} must be finite and ≥ 0; got {value}."));

    public static double Finite(double value, string name) =>
        double.IsFinite(value) ? value
            : throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"{name} must be finite; got {value}."));

    public static int AtLeastOne(int value, string name) =>
        value >= 1 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be ≥ 1; got {value}.");
}
