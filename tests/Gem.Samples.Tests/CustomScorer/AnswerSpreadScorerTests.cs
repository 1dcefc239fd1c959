using FsCheck;
using FsCheck.Fluent;
using Gem.Entropy.Scoring;
using Gem.Entropy.Spans;
using Gem.Samples.CustomScorer;
using Gem.Samples.Tests.Pretrained;
using Gem.Testing;

namespace Gem.Samples.Tests.CustomScorer;

public sealed class AnswerSpreadScorerTests
{
    /// <summary>A group of random entropies with completions of 0 … T tokens (right padding holds NaN, which must not matter).</summary>
    private static (Tensor Entropies, Tensor Mask, double[][] Rows) RandomGroup(int seed, int members = 6, int width = 14)
    {
        var random = new Random(seed);
        var values = new float[members * width];
        var mask = new long[members * width];
        var rows = new double[members][];
        for (var m = 0; m < members; m++)
        {
            // Lengths 0, 1 and 2 exercise the empty answer, the one-token answer and the empty reasoning span.
            var length = m < 3 ? m : random.Next(3, width + 1);
            rows[m] = new double[length];
            for (var t = 0; t < width; t++)
            {
                if (t < length)
                {
                    // Ties on purpose: entropies drawn from a coarse grid as well as continuous values.
                    var h = random.Next(4) == 0 ? random.Next(5) * 0.5f : (float)(random.NextDouble() * 6.0);
                    values[(m * width) + t] = h;
                    rows[m][t] = h;
                    mask[(m * width) + t] = 1;
                }
                else
                {
                    values[(m * width) + t] = float.NaN;
                }
            }
        }

        return (torch.tensor(values, [members, width]), torch.tensor(mask, [members, width]), rows);
    }

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    private static EntropyScoringInput Input(Tensor entropies, Tensor mask, AnswerSpans spans) => new(entropies, mask, spans);

    [Fact]
    public void Scores_and_spread_match_a_float64_reference_for_random_groups()
    {
        var cases = Gen.Choose(0, 100_000).Zip(Gen.Elements(0.0, 0.5, 1.0, 2.5)).Zip(Gen.Elements(0.0, 1.0, 0.7)).ToArbitrary();
        Prop.ForAll(cases, c =>
        {
            var ((seed, gamma), lambda) = c;
            using var scope = torch.NewDisposeScope();
            var (entropies, mask, rows) = RandomGroup(seed);
            var spans = new TailFractionSpanStrategy().Locate(torch.zeros_like(mask), mask);
            var scorer = new AnswerSpreadScorer(gamma, new EntropyGuidedScorerOptions { Lambda = lambda, UseForkTerm = lambda != 0 });
            using var scores = scorer.Score(Input(entropies, mask, spans));
            var actual = scores.Score.data<float>().ToArray();
            var spread = AnswerSpreadScorer.AnswerSpread(Input(entropies, mask, spans)).data<float>().ToArray();
            for (var m = 0; m < rows.Length; m++)
            {
                var reference = GemScoreReference.Score(rows[m], lambda);
                var expected = reference.Score - (gamma * reference.Spread);
                if (Math.Abs(expected - actual[m]) > 1e-4 || Math.Abs(reference.Spread - spread[m]) > 1e-4)
                    return false.Label($"seed {seed}, γ {gamma}, λ {lambda}, member {m} ({rows[m].Length} tokens): S' {actual[m]} vs {expected}, σ {spread[m]} vs {reference.Spread}");
            }

            return true.ToProperty();
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void With_no_spread_weight_it_is_the_library_GEM_score_and_keeps_its_parts()
    {
        var (entropies, mask, _) = RandomGroup(7);
        using var spans = new TailFractionSpanStrategy().Locate(torch.zeros_like(mask), mask);
        using var library = new EntropyGuidedScorer().Score(Input(entropies, mask, spans));
        using var custom = new AnswerSpreadScorer(0.0).Score(Input(entropies, mask, spans));
        Assert.True(Same(library.Score, custom.Score), "γ = 0 changed the score");
        Assert.True(Same(library.FinalEntropy!, custom.FinalEntropy!) && Same(library.ForkTerm!, custom.ForkTerm!), "the parts differ");
        Assert.True(Same(library.TopTokenPositions!, custom.TopTokenPositions!) && Same(library.AnswerFound, custom.AnswerFound));
    }

    [Fact]
    public void The_spread_ignores_a_constant_shift_and_penalises_an_uneven_answer()
    {
        var (entropies, mask, _) = RandomGroup(11);
        using var spans = new TailFractionSpanStrategy().Locate(torch.zeros_like(mask), mask);
        using var spread = AnswerSpreadScorer.AnswerSpread(Input(entropies, mask, spans));
        using var shiftedEntropies = entropies + 3.25f;
        using var shifted = AnswerSpreadScorer.AnswerSpread(Input(shiftedEntropies, mask, spans));
        Assert.True(spread.allclose(shifted, 1e-5, 1e-5), "a constant shift changed σ_answer");

        // Two 10-token completions whose answers (the last 2 tokens) have the same mean entropy 1 but different spreads.
        using var even = torch.tensor(new float[] { 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 0, 2 }, [2, 10]);
        using var full = torch.ones(2, 10, dtype: ScalarType.Int64);
        using var twoSpans = new TailFractionSpanStrategy().Locate(torch.zeros_like(full), full);
        using var scores = new AnswerSpreadScorer(1.0).Score(Input(even, full, twoSpans));
        var s = scores.Score.data<float>().ToArray();
        Assert.Equal(1.0f, s[0], 1e-6f);        // −1 + F(= 2) − 0
        Assert.Equal(0.0f, s[1], 1e-6f);        // −1 + 2 − σ(0, 2) = 1
    }

    [Fact]
    public void A_NaN_inside_the_completion_is_an_error_and_nothing_leaks()
    {
        var (entropies, mask, _) = RandomGroup(13);
        using var spans = new TailFractionSpanStrategy().Locate(torch.zeros_like(mask), mask);
        var scorer = new AnswerSpreadScorer(1.0);
        TensorLeakCheck.AssertNoLeak(() => [scorer.Score(Input(entropies, mask, spans))], "Score");
        TensorLeakCheck.AssertNoLeak(() => [AnswerSpreadScorer.AnswerSpread(Input(entropies, mask, spans))], "AnswerSpread");

        using var broken = entropies.clone();
        broken[4, 1] = torch.tensor(float.NaN);
        Assert.Throws<ArgumentException>(() => scorer.Score(Input(broken, mask, spans)));
    }

    [Theory]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_bad_spread_weight_is_refused_with_its_value(double gamma)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new AnswerSpreadScorer(gamma));
        Assert.Equal("spreadWeight", error.ParamName);
        Assert.Equal(gamma, error.ActualValue);
    }
}
