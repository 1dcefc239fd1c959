namespace Gem.Sega.Objectives;

/// <summary>
/// Options of <see cref="DpoObjective"/>, each checked when set and the combination when the objective is built.
/// Defaults: sigmoid loss, β = 0.1, no label smoothing.
/// </summary>
public sealed class DpoOptions
{
    /// <summary>The defaults.</summary>
    public static DpoOptions Default { get; } = new();

    /// <summary>The loss; default <see cref="DpoLoss.Sigmoid"/>.</summary>
    public DpoLoss Loss
    {
        get => _loss;
        init
        {
            if (!Enum.IsDefined(value))
                throw new ArgumentOutOfRangeException(nameof(Loss), value, "Loss must be one of the named values.");
            _loss = value;
        }
    }

    /// <summary>β, the inverse temperature of the implicit reward <c>β(ℓ − ℓ_ref)</c>; finite and &gt; 0, default 0.1.</summary>
    public double Beta
    {
        get => _beta;
        init
        {
            if (!double.IsFinite(value) || value <= 0)
                throw new ArgumentOutOfRangeException(nameof(Beta), value, "Beta must be finite and greater than 0.");
            _beta = value;
        }
    }

    /// <summary>
    /// Label smoothing <c>s ∈ [0, ½)</c> of conservative DPO (the probability that a pair's label is flipped); default 0.
    /// Only with <see cref="DpoLoss.Sigmoid"/>.
    /// </summary>
    public double LabelSmoothing
    {
        get => _labelSmoothing;
        init
        {
            if (!double.IsFinite(value) || value < 0 || value >= 0.5)
                throw new ArgumentOutOfRangeException(nameof(LabelSmoothing), value, "LabelSmoothing must lie in [0, 0.5).");
            _labelSmoothing = value;
        }
    }

    internal void Validate(string parameterName)
    {
        if (Loss == DpoLoss.Ipo && LabelSmoothing != 0)
            throw new ArgumentException($"DpoOptions.LabelSmoothing is {LabelSmoothing} but applies only to DpoLoss.Sigmoid; set it to 0 for IPO.", parameterName);
    }

    private DpoLoss _loss = DpoLoss.Sigmoid;
    private double _beta = 0.1;
    private double _labelSmoothing;
}
