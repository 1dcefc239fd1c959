using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gem.Core.Filtering;

namespace Gem.Core.Tests.Filtering;

public sealed class BradleyTerryTests
{
    private static double Spearman(double[] a, double[] b)
    {
        static double[] Ranks(double[] x)
        {
            var order = Enumerable.Range(0, x.Length).OrderBy(i => x[i]).ToArray();
            var ranks = new double[x.Length];
            for (var r = 0; r < order.Length; r++)
                ranks[order[r]] = r;
            return ranks;
        }
        var ra = Ranks(a);
        var rb = Ranks(b);
        var n = a.Length;
        var d2 = ra.Zip(rb).Sum(p => (p.First - p.Second) * (p.First - p.Second));
        return 1 - 6 * d2 / (n * ((double)n * n - 1));
    }

    [Property(MaxTest = 40)]
    public Property Strengths_fitted_to_games_drawn_from_known_strengths_recover_them(int seed)
    {
        const int members = 8;
        const int gamesPerPair = 200;
        var random = new Random(seed);
        var strengths = Enumerable.Range(0, members).Select(_ => random.NextDouble() * 4 - 2).ToArray();
        var wins = new double[members * members];
        for (var i = 0; i < members; i++)
        {
            for (var j = i + 1; j < members; j++)
            {
                var p = 1 / (1 + Math.Exp(-(strengths[i] - strengths[j])));
                for (var g = 0; g < gamesPerPair; g++)
                {
                    if (random.NextDouble() < p)
                        wins[i * members + j]++;
                    else
                        wins[j * members + i]++;
                }
            }
        }

        var fitted = BradleyTerryModel.Fit(wins, members, regularisation: 1e-6, maxIterations: 100, tolerance: 1e-10);
        var offset = fitted.Average() - strengths.Average();
        var maxError = fitted.Zip(strengths).Max(p => Math.Abs(p.First - offset - p.Second));
        var rho = Spearman(fitted, strengths);
        return (rho >= 0.85 && maxError < 0.35).Label($"Spearman {rho}, largest error {maxError}");
    }

    [Fact]
    public void Soft_outcomes_from_scores_give_back_the_scores_over_the_temperature()
    {
        // P(i ≻ j) = σ((S_i − S_j)/T) is Bradley–Terry with strengths S/T, so an almost flat prior returns them.
        double[] scores = [0.4, -1.2, 2.0, 0.0, 0.9];
        const double temperature = 0.5;
        var ranker = new BradleyTerryRanker(new BradleyTerryOptions { Temperature = temperature, Regularisation = 1e-9 });
        var ratings = ranker.Rank(scores);
        var ratingsMean = ratings.Average();
        var scoresMean = scores.Average();
        for (var i = 0; i < scores.Length; i++)
            Assert.Equal((scores[i] - scoresMean) / temperature, ratings[i] - ratingsMean, 5);
    }

    [Fact]
    public void The_fit_is_the_stationary_point_of_the_regularised_likelihood()
    {
        // Gradient of Σ W_ij log σ(θ_i − θ_j) − (λ/2)‖θ‖² is zero at the result, checked by central differences in double.
        double[] wins = [0, 3, 1.5, 0.2, 0, 4, 2, 1, 0];
        const double lambda = 0.3;
        var theta = BradleyTerryModel.Fit(wins, 3, lambda, 100, 1e-12);
        double Objective(double[] t)
        {
            var v = -0.5 * lambda * t.Sum(x => x * x);
            for (var i = 0; i < 3; i++)
                for (var j = 0; j < 3; j++)
                    if (i != j)
                        v += wins[i * 3 + j] * Math.Log(1 / (1 + Math.Exp(-(t[i] - t[j]))));
            return v;
        }
        for (var k = 0; k < 3; k++)
        {
            var plus = (double[])theta.Clone();
            var minus = (double[])theta.Clone();
            plus[k] += 1e-5;
            minus[k] -= 1e-5;
            Assert.True(Math.Abs((Objective(plus) - Objective(minus)) / 2e-5) < 1e-6, $"∂L/∂θ_{k} ≠ 0");
        }
    }

    [Fact]
    public void A_single_member_gets_rating_zero()
    {
        Assert.Equal([0.0], new BradleyTerryRanker().Rank([3.5]));
    }
}
