using Gem.Core.Filtering;

namespace Gem.Core.Tests.Filtering;

public sealed class TrueSkillTests
{
    [Fact]
    public void One_game_between_new_players_moves_them_by_the_closed_form_amount()
    {
        // At t = 0: v = φ(0)/Φ(0) = √(2/π), w = v²; μ_w = μ₀ + (σ²/c)·v, with σ² = σ₀² + τ², c² = 2β² + 2σ².
        var options = new TrueSkillOptions();
        var variance = options.Sigma * options.Sigma + options.Tau * options.Tau;
        var c = Math.Sqrt(2 * options.Beta * options.Beta + 2 * variance);
        var v = Math.Sqrt(2 / Math.PI);
        var ratings = new TrueSkillRanker(options).Rank([1.0, 0.0]);
        Assert.Equal(options.Mu + variance / c * v, ratings[0], 12);
        Assert.Equal(options.Mu - variance / c * v, ratings[1], 12);
        Assert.Equal(29.2055, ratings[0], 4);
    }

    [Fact]
    public void The_human_game_is_played_first_and_its_induced_game_is_skipped()
    {
        // Two members, scores say 1 ≻ 0 but the human says 0 ≻ 1: only the human game is played.
        var ratings = new TrueSkillRanker().Rank([0.0, 1.0], new HumanPreference(0, 1));
        var reference = new TrueSkillRanker().Rank([1.0, 0.0]);
        Assert.Equal(reference, ratings);
    }

    [Fact]
    public void Equal_scores_induce_no_game()
    {
        var options = new TrueSkillOptions();
        Assert.Equal([options.Mu, options.Mu, options.Mu], new TrueSkillRanker(options).Rank([2.0, 2.0, 2.0]));
    }
}

public sealed class NormalDistributionTests
{
    // References: Python's math.erf / math.erfc (C library, correctly rounded to ~1 ulp).
    [Theory]
    [InlineData(0.1, 0.1124629160182849, 0.8875370839817152)]
    [InlineData(0.5, 0.5204998778130465, 0.4795001221869535)]
    [InlineData(1.0, 0.8427007929497149, 0.15729920705028513)]
    [InlineData(1.5, 0.9661051464753108, 0.033894853524689274)]
    [InlineData(2.0, 0.9953222650189527, 0.004677734981047265)]
    [InlineData(2.5, 0.999593047982555, 0.0004069520174449589)]
    [InlineData(3.0, 0.9999779095030014, 2.2090496998585438e-05)]
    [InlineData(5.0, 0.9999999999984626, 1.5374597944280351e-12)]
    [InlineData(10.0, 1.0, 2.088487583762545e-45)]
    public void Erf_and_erfc_match_reference_values(double x, double erf, double erfc)
    {
        Assert.True(Math.Abs(NormalDistribution.Erf(x) - erf) <= 1e-15 * Math.Max(1, Math.Abs(erf)), $"erf({x}) = {NormalDistribution.Erf(x):R}");
        Assert.True(Math.Abs(NormalDistribution.Erfc(x) - erfc) <= 1e-13 * erfc, $"erfc({x}) = {NormalDistribution.Erfc(x):R}, expected {erfc:R}");
        Assert.Equal(-NormalDistribution.Erf(x), NormalDistribution.Erf(-x));
        Assert.True(Math.Abs(NormalDistribution.Erfc(-x) - (1 + erf)) <= 1e-15 * 2);
    }

    [Theory]
    [InlineData(-3.0, 0.0013498980316300957)]
    [InlineData(-1.0, 0.15865525393145707)]
    [InlineData(0.0, 0.5)]
    [InlineData(1.96, 0.9750021048517795)]
    public void Cdf_matches_reference_values(double x, double expected)
    {
        Assert.True(Math.Abs(NormalDistribution.Cdf(x) - expected) <= 1e-13 * expected, $"Φ({x}) = {NormalDistribution.Cdf(x):R}");
    }

    [Theory]
    [InlineData(-3.0)]
    [InlineData(-0.5)]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(4.0)]
    public void Pdf_over_cdf_equals_the_ratio_where_both_are_representable(double t)
    {
        var ratio = NormalDistribution.Pdf(t) / NormalDistribution.Cdf(t);
        Assert.True(Math.Abs(NormalDistribution.PdfOverCdf(t) - ratio) <= 1e-13 * ratio);
    }

    [Fact]
    public void Pdf_over_cdf_stays_finite_far_in_the_tail()
    {
        // φ(t)/Φ(t) ~ −t − 1/t for t → −∞ (Mills' ratio); both φ and Φ underflow at t = −40.
        var v = NormalDistribution.PdfOverCdf(-40);
        Assert.Equal(40 + 1 / 40.0, v, 3);
        Assert.Equal(0.0, NormalDistribution.PdfOverCdf(60));
    }
}
