namespace Gem.Core.Filtering;

/// <summary>
/// Bradley–Terry Cognitive Filtering. Every pair of distinct members contributes soft outcomes
/// <c>P(i ≻ j) = σ((S_i − S_j)/T)</c> and <c>P(j ≻ i) = 1 − P(i ≻ j)</c>; the human outcome a⁺ ≻ a⁻ adds weight
/// <c>w_h</c>. The ratings are the log-strengths maximising
/// <c>Σ_{i≠j} W_ij·log σ(θ_i − θ_j) − (λ/2)·‖θ‖²</c> (Newton's method, double precision).
/// </summary>
/// <remarks>
/// Without a human pair and as λ → 0 the ratings tend to <c>S/T</c> up to a constant (the soft outcomes are exactly
/// Bradley–Terry with strengths S/T); the prior shrinks them towards 0. Ratings depend on score differences only, so a
/// constant added to every score leaves them unchanged; their order is the score order.
/// </remarks>
public sealed class BradleyTerryRanker : CandidateRanker
{
    /// <summary>Creates the ranker.</summary>
    /// <param name="options">Options, or <see langword="null"/> for the defaults.</param>
    public BradleyTerryRanker(BradleyTerryOptions? options = null) => Options = options ?? new BradleyTerryOptions();

    /// <summary>The options in use.</summary>
    public BradleyTerryOptions Options { get; }

    /// <inheritdoc />
    protected override double[] RankDistinct(ReadOnlySpan<double> scores, HumanPreference? humanPreference)
    {
        var m = scores.Length;
        if (m == 1)
            return [0.0];
        var wins = new double[m * m];
        for (var i = 0; i < m; i++)
        {
            for (var j = i + 1; j < m; j++)
            {
                var p = LogisticFunctions.Sigmoid((scores[i] - scores[j]) / Options.Temperature);
                wins[i * m + j] = p;
                wins[j * m + i] = 1 - p;
            }
        }
        if (humanPreference is { } h)
            wins[h.ChosenIndex * m + h.RejectedIndex] += Options.HumanWeight;
        return BradleyTerryModel.Fit(wins, m, Options.Regularisation, Options.MaxIterations, Options.Tolerance);
    }
}
