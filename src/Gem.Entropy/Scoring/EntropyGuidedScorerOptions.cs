namespace Gem.Entropy.Scoring;

/// <summary>
/// Options of <see cref="EntropyGuidedScorer"/>: <c>S = −H_final + λ·F</c>, <c>F</c> the mean of the <c>m</c> largest
/// reasoning entropies, <c>m = max(1, ⌈ρ·|reasoning|⌉)</c> or a fixed count. Each property is validated when set; the
/// combination when the scorer is built.
/// </summary>
public sealed class EntropyGuidedScorerOptions
{
    /// <summary>The weight λ of the fork term; finite, default 1.0.</summary>
    public double Lambda
    {
        get => _lambda;
        init
        {
            if (!double.IsFinite(value))
                throw new ArgumentOutOfRangeException(nameof(Lambda), value, "Lambda must be finite.");
            _lambda = value;
        }
    }

    /// <summary>The share ρ of the reasoning span whose largest entropies form <c>F</c>, in <c>(0, 1]</c>; default 0.1. Ignored when <see cref="ForkCount"/> is set.</summary>
    public double ForkFraction
    {
        get => _forkFraction;
        init
        {
            if (!(value > 0 && value <= 1))
                throw new ArgumentOutOfRangeException(nameof(ForkFraction), value, "ForkFraction must lie in (0, 1].");
            _forkFraction = value;
        }
    }

    /// <summary>A fixed <c>m</c> (at least 1) instead of <see cref="ForkFraction"/>; capped at the reasoning span's length. Default null.</summary>
    public int? ForkCount
    {
        get => _forkCount;
        init
        {
            if (value is < 1)
                throw new ArgumentOutOfRangeException(nameof(ForkCount), value, "ForkCount must be at least 1 when set.");
            _forkCount = value;
        }
    }

    /// <summary>How the answer span's entropies become <c>H_final</c>; default <see cref="Scoring.AnswerReduction.Mean"/>.</summary>
    public AnswerReduction AnswerReduction
    {
        get => _answerReduction;
        init
        {
            if (!Enum.IsDefined(value))
                throw new ArgumentOutOfRangeException(nameof(AnswerReduction), value, "AnswerReduction must be Mean, First or Max.");
            _answerReduction = value;
        }
    }

    /// <summary>Whether <c>−H_final</c> is part of the score (the paper's ablation switches it off); default true.</summary>
    public bool UseFinalEntropy { get; init; } = true;

    /// <summary>Whether <c>λ·F</c> is part of the score (the paper's ablation switches it off); default true.</summary>
    public bool UseForkTerm { get; init; } = true;

    /// <summary>
    /// The score given to members whose answer marker was not found; null (the default) scores them like the others
    /// (they are flagged in <see cref="EntropyScores.AnswerFound"/>, not dropped). Use <see cref="double.NegativeInfinity"/> to rank them last.
    /// </summary>
    public double? MissingAnswerScore
    {
        get => _missingAnswerScore;
        init
        {
            if (value is { } v && (double.IsNaN(v) || double.IsPositiveInfinity(v)))
                throw new ArgumentOutOfRangeException(nameof(MissingAnswerScore), value, "MissingAnswerScore must be finite or -infinity.");
            _missingAnswerScore = value;
        }
    }

    private double _lambda = 1.0;
    private double _forkFraction = 0.1;
    private int? _forkCount;
    private AnswerReduction _answerReduction = AnswerReduction.Mean;
    private double? _missingAnswerScore;
}
