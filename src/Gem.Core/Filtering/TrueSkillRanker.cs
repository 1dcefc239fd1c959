namespace Gem.Core.Filtering;

/// <summary>
/// TrueSkill Cognitive Filtering: every member starts at N(μ₀, σ₀² + τ²); the human outcome a⁺ ≻ a⁻ is applied first,
/// then the outcomes induced by the scores (i ≻ j when <c>S_i &gt; S_j</c>; equal scores induce nothing) in a fixed
/// order; the ratings are the posterior means μ.
/// </summary>
/// <remarks>
/// <para>Each game uses the standard two-player TrueSkill update (no draw margin) with weight g ∈ (0, 1]:
/// <c>c² = 2β² + σ_w² + σ_l²</c>, <c>t = (μ_w − μ_l)/c</c>, <c>v = φ(t)/Φ(t)</c>, <c>w = v·(v + t)</c>;
/// <c>μ_w += g·(σ_w²/c)·v</c>, <c>μ_l −= g·(σ_l²/c)·v</c>, <c>σ² ← σ²·(1 − g·(σ²/c²)·w)</c> for both players.
/// g = 1 is TrueSkill exactly; g &lt; 1 is the first-order tempered update (a likelihood raised to the power g), so the
/// human weight <see cref="TrueSkillOptions.HumanWeight"/> can strengthen the human outcome by damping the induced ones.</para>
/// <para>Order of the induced games: pairs far apart in score rank first (rank distance descending), then by the
/// better member's rank; ranks break ties in scores by index. Sequential TrueSkill depends on the order; this one
/// keeps the score order in the ratings in practice (the property tests check it on random groups) because the
/// decisive, unsurprising games come first and the close ones last. The human pair's own induced game is skipped.</para>
/// </remarks>
public sealed class TrueSkillRanker : CandidateRanker
{
    /// <summary>Creates the ranker.</summary>
    /// <param name="options">Options, or <see langword="null"/> for the defaults.</param>
    public TrueSkillRanker(TrueSkillOptions? options = null) => Options = options ?? new TrueSkillOptions();

    /// <summary>The options in use.</summary>
    public TrueSkillOptions Options { get; }

    /// <inheritdoc />
    protected override double[] RankDistinct(ReadOnlySpan<double> scores, HumanPreference? humanPreference)
    {
        var m = scores.Length;
        var mu = new double[m];
        var variance = new double[m];
        var priorVariance = Options.Sigma * Options.Sigma + Options.Tau * Options.Tau;
        Array.Fill(mu, Options.Mu);
        Array.Fill(variance, priorVariance);
        var betaSquared = Options.Beta * Options.Beta;

        var inducedWeight = 1.0;
        if (humanPreference is { } h)
        {
            var humanWeight = Math.Min(Options.HumanWeight, 1.0);
            if (humanWeight > 0)
                Play(h.ChosenIndex, h.RejectedIndex, humanWeight);
            inducedWeight = 1.0 / Math.Max(Options.HumanWeight, 1.0);
        }

        var order = OrderByScoreDescending(scores);
        // Rank distance descending, then the better member's rank ascending.
        for (var distance = m - 1; distance >= 1; distance--)
        {
            for (var better = 0; better + distance < m; better++)
            {
                var winner = order[better];
                var loser = order[better + distance];
                if (scores[winner] == scores[loser])
                    continue;
                if (humanPreference is { } hp
                    && ((winner == hp.ChosenIndex && loser == hp.RejectedIndex) || (winner == hp.RejectedIndex && loser == hp.ChosenIndex)))
                    continue;
                Play(winner, loser, inducedWeight);
            }
        }
        return mu;

        void Play(int winner, int loser, double weight)
        {
            var c2 = 2 * betaSquared + variance[winner] + variance[loser];
            var c = Math.Sqrt(c2);
            var t = (mu[winner] - mu[loser]) / c;
            var v = NormalDistribution.PdfOverCdf(t);
            var w = v * (v + t);
            mu[winner] += weight * variance[winner] / c * v;
            mu[loser] -= weight * variance[loser] / c * v;
            variance[winner] *= 1 - weight * variance[winner] / c2 * w;
            variance[loser] *= 1 - weight * variance[loser] / c2 * w;
        }
    }
}
