using FsCheck.Xunit;
using Gem.Entropy.Scoring;
using Gem.Entropy.Spans;
using Gem.Entropy.Statistics;

namespace Gem.Entropy.Tests.Scoring;

public sealed class ScorerTests
{
    /// <summary>Hand-built spans: per member the answer start (index into the row) and length of the completion; the rest is padding.</summary>
    private static (Tensor Mask, AnswerSpans Spans) Layout(int length, params (int Tokens, int AnswerStart, bool Found)[] members)
    {
        var mask = new bool[members.Length * length];
        var answer = new bool[members.Length * length];
        var reasoning = new bool[members.Length * length];
        for (var m = 0; m < members.Length; m++)
        {
            for (var t = 0; t < members[m].Tokens; t++)
            {
                mask[(m * length) + t] = true;
                if (t >= members[m].AnswerStart)
                    answer[(m * length) + t] = true;
                else
                    reasoning[(m * length) + t] = true;
            }
        }

        return (tensor(mask, [members.Length, length]), new AnswerSpans(
            tensor(answer, [members.Length, length]), tensor(reasoning, [members.Length, length]), tensor(members.Select(x => x.Found).ToArray())));
    }

    private static float[] Values(Tensor t) => t.cpu().data<float>().ToArray();

    /// <summary>|expected − actual| ≤ tolerance · max(1, |expected|): fp32 arithmetic, not rounding to decimal places.</summary>
    private static void AssertNear(double expected, double actual, double tolerance) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");

    [Fact]
    public void Known_values_for_a_small_group()
    {
        using var scope = NewDisposeScope();
        // Member 0: reasoning 1 2 3 4 5, answer 0.5 0.7; ρ = 0.4 → m = 2, F = (5 + 4)/2, H_final = 0.6, S = 3.9.
        // Member 1: reasoning 2 (one token), answer 3 then padding; m = 1, F = 2, H_final = 3, S = −3 + 0.5·... (λ = 1) = −1.
        var entropies = tensor(new float[] { 1, 2, 3, 4, 5, 0.5f, 0.7f, 2, 3, 9, 9, 9, 9, 9 }, [2, 7]);
        var (mask, spans) = Layout(7, (7, 5, true), (2, 1, false));
        var scorer = new EntropyGuidedScorer(new EntropyGuidedScorerOptions { ForkFraction = 0.4 });
        using var scores = scorer.Score(new EntropyScoringInput(entropies, mask, spans));
        Assert.Equal(new[] { 3.9f, -1f }, Values(scores.Score), new FloatTolerance(1e-5f));
        Assert.Equal(new[] { 0.6f, 3f }, Values(scores.FinalEntropy!), new FloatTolerance(1e-6f));
        Assert.Equal(new[] { 4.5f, 2f }, Values(scores.ForkTerm!), new FloatTolerance(1e-6f));
        Assert.Equal(new long[] { 4, 3, 0, -1 }, scores.TopTokenPositions!.data<long>().ToArray());
        Assert.Equal(new long[] { 2, 1 }, scores.TopTokenCounts!.data<long>().ToArray());
        Assert.Equal(new[] { true, false }, scores.AnswerFound.data<bool>().ToArray());

        using var first = new EntropyGuidedScorer(new EntropyGuidedScorerOptions { ForkCount = 3, AnswerReduction = AnswerReduction.First }).Score(new EntropyScoringInput(entropies, mask, spans));
        Assert.Equal(new[] { -0.5f + 4f, -3f + 2f }, Values(first.Score), new FloatTolerance(1e-5f));
        using var max = new EntropyGuidedScorer(new EntropyGuidedScorerOptions { AnswerReduction = AnswerReduction.Max, Lambda = 2 }).Score(new EntropyScoringInput(entropies, mask, spans));
        Assert.Equal(new[] { -0.7f + (2 * 5f), -3f + (2 * 2f) }, Values(max.Score), new FloatTolerance(1e-5f));
        using var missing = new EntropyGuidedScorer(new EntropyGuidedScorerOptions { MissingAnswerScore = double.NegativeInfinity }).Score(new EntropyScoringInput(entropies, mask, spans));
        Assert.Equal(float.NegativeInfinity, Values(missing.Score)[1]);
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }

    /// <summary>Random group: entropies in [0, 5), random completion lengths and answer starts, padding after the end.</summary>
    private static (Tensor Entropies, Tensor Mask, AnswerSpans Spans, (int Tokens, int AnswerStart, bool Found)[] Layout) RandomGroup(int seed, int members, int length)
    {
        var random = new Random(seed);
        var layout = Enumerable.Range(0, members).Select(_ =>
        {
            var tokens = random.Next(0, length + 1);
            return (tokens, random.Next(0, tokens + 1), random.Next(2) == 0);
        }).ToArray();
        var values = Enumerable.Range(0, members * length).Select(_ => (float)(random.NextDouble() * 5)).ToArray();
        var (mask, spans) = Layout(length, layout);
        return (tensor(values, [members, length]), mask, spans, layout);
    }

    [Property(MaxTest = 50)]
    public void Raising_an_answer_entropy_lowers_the_score_by_its_share(int seed, byte members, byte length, byte delta)
    {
        using var scope = NewDisposeScope();
        var (entropies, mask, spans, layout) = RandomGroup(seed, 1 + (members % 6), 1 + (length % 30));
        var scorer = new EntropyGuidedScorer();
        var before = scorer.Score(new EntropyScoringInput(entropies, mask, spans));
        var raise = 0.1f + (delta / 50f);
        var raised = entropies + (spans.AnswerMask.to(ScalarType.Float32) * raise);
        var after = scorer.Score(new EntropyScoringInput(raised, mask, spans));
        for (var m = 0; m < layout.Length; m++)
        {
            var answerLength = layout[m].Tokens - layout[m].AnswerStart;
            var expected = answerLength > 0 ? Values(before.Score)[m] - raise : Values(before.Score)[m];
            AssertNear(expected, Values(after.Score)[m], 1e-5);
            if (answerLength > 0)
                Assert.True(Values(after.Score)[m] < Values(before.Score)[m]);
            Assert.Equal(Values(before.ForkTerm!)[m], Values(after.ForkTerm!)[m]);
        }
    }

    [Property(MaxTest = 50)]
    public void Raising_a_reasoning_entropy_outside_the_top_m_leaves_F_unchanged(int seed, byte members, byte length, byte rho)
    {
        using var scope = NewDisposeScope();
        var (entropies, mask, spans, layout) = RandomGroup(seed, 1 + (members % 6), 1 + (length % 30));
        var scorer = new EntropyGuidedScorer(new EntropyGuidedScorerOptions { ForkFraction = 0.05 + ((rho % 19) / 20.0) });
        var before = scorer.Score(new EntropyScoringInput(entropies, mask, spans));
        var values = Values(entropies);
        var t = (int)entropies.shape[1];
        var width = (int)before.TopTokenPositions!.shape[1];
        var positions = width == 0 ? [] : before.TopTokenPositions.data<long>().ToArray();
        var counts = before.TopTokenCounts!.data<long>().ToArray();
        for (var m = 0; m < layout.Length; m++)
        {
            var top = positions.Skip(m * width).Take((int)counts[m]).Select(p => (int)p).ToHashSet();
            if (top.Count == 0 || top.Count == layout[m].AnswerStart)
                continue; // no reasoning token outside the top m
            var threshold = top.Min(p => values[(m * t) + p]);
            var outside = Enumerable.Range(0, layout[m].AnswerStart).First(p => !top.Contains(p));
            // Raise it to just below the m-th largest: still outside the top m.
            values[(m * t) + outside] = Math.Max(values[(m * t) + outside], threshold - 1e-3f);
        }

        var raised = tensor(values, entropies.shape);
        var after = scorer.Score(new EntropyScoringInput(raised, mask, spans));
        Assert.Equal(Values(before.ForkTerm!), Values(after.ForkTerm!));
        Assert.Equal(Values(before.FinalEntropy!), Values(after.FinalEntropy!));
    }

    [Property(MaxTest = 50)]
    public void Ablation_switches_remove_exactly_their_term(int seed, byte members, byte length, sbyte lambda, byte reduction)
    {
        using var scope = NewDisposeScope();
        var (entropies, mask, spans, _) = RandomGroup(seed, 1 + (members % 6), 1 + (length % 30));
        var options = new EntropyGuidedScorerOptions { Lambda = lambda / 16.0, AnswerReduction = (AnswerReduction)(reduction % 3) };
        var input = new EntropyScoringInput(entropies, mask, spans);
        var full = new EntropyGuidedScorer(options).Score(input);
        var noFork = new EntropyGuidedScorer(new EntropyGuidedScorerOptions { Lambda = options.Lambda, AnswerReduction = options.AnswerReduction, UseForkTerm = false }).Score(input);
        var noFinal = new EntropyGuidedScorer(new EntropyGuidedScorerOptions { Lambda = options.Lambda, AnswerReduction = options.AnswerReduction, UseFinalEntropy = false }).Score(input);
        var s = Values(full.Score);
        var f = Values(full.ForkTerm!);
        var h = Values(full.FinalEntropy!);
        for (var m = 0; m < s.Length; m++)
        {
            AssertNear(-h[m], Values(noFork.Score)[m], 1e-6);
            AssertNear((float)(options.Lambda * f[m]), Values(noFinal.Score)[m], 1e-6);
            AssertNear(s[m] - Values(noFork.Score)[m], (float)(options.Lambda * f[m]), 1e-5);
        }
    }

    [Property(MaxTest = 30)]
    public void Scoring_a_group_equals_scoring_each_member_alone(int seed, byte members, byte length)
    {
        using var scope = NewDisposeScope();
        var (entropies, mask, spans, _) = RandomGroup(seed, 1 + (members % 6), 1 + (length % 30));
        var scorer = new EntropyGuidedScorer(new EntropyGuidedScorerOptions { ForkFraction = 0.3 });
        var group = Values(scorer.Score(new EntropyScoringInput(entropies, mask, spans)).Score);
        for (var m = 0; m < group.Length; m++)
        {
            var alone = new AnswerSpans(spans.AnswerMask.narrow(0, m, 1).clone(), spans.ReasoningMask.narrow(0, m, 1).clone(), spans.AnswerFound.narrow(0, m, 1).clone());
            var single = scorer.Score(new EntropyScoringInput(entropies.narrow(0, m, 1), mask.narrow(0, m, 1), alone));
            Assert.Equal(group[m], Values(single.Score)[0]);
        }
    }

    [Fact]
    public void Peer_scorers_match_their_formulas_on_real_statistics()
    {
        using var scope = NewDisposeScope();
        var logits = Statistics.RandomLogits.Make([3, 6, 50], ScalarType.BFloat16, 2.0, 0.2, 3);
        var (mask, spans) = Layout(6, (6, 4, true), (3, 2, false), (0, 0, false));
        var stats = TokenStatistics.Compute(logits, null, TokenStatistic.Entropy | TokenStatistic.SelfCertainty);
        var input = new EntropyScoringInput(stats.Entropy!, mask, spans, stats.SelfCertainty);
        var reference = Statistics.Float64Reference.Compute(logits, zeros([3, 6], ScalarType.Int64));
        var lengths = new[] { 6, 3, 0 };
        var negative = Values(new MeanNegativeEntropyScorer().Score(input).Score);
        var certainty = Values(new SelfCertaintyScorer().Score(input).Score);
        for (var m = 0; m < 3; m++)
        {
            var h = Enumerable.Range(0, lengths[m]).Select(t => reference.Entropy[(m * 6) + t]).DefaultIfEmpty(0).Average();
            var k = Enumerable.Range(0, lengths[m]).Select(t => reference.SelfCertainty[(m * 6) + t]).DefaultIfEmpty(0).Average();
            AssertNear(-h, negative[m], 1e-5);
            AssertNear(k, certainty[m], 1e-5);
        }

        Assert.Equal(TokenStatistic.SelfCertainty, new SelfCertaintyScorer().RequiredStatistics);
        var error = Assert.Throws<ArgumentException>(() => new SelfCertaintyScorer().Score(new EntropyScoringInput(stats.Entropy!, mask, spans)));
        Assert.Contains("SelfCertainties", error.Message);
    }

    [Fact]
    public void Bad_options_and_inputs_are_rejected_with_their_names()
    {
        Assert.Equal("ForkFraction", Assert.Throws<ArgumentOutOfRangeException>(() => new EntropyGuidedScorerOptions { ForkFraction = 0 }).ParamName);
        Assert.Equal("ForkCount", Assert.Throws<ArgumentOutOfRangeException>(() => new EntropyGuidedScorerOptions { ForkCount = 0 }).ParamName);
        Assert.Equal("Lambda", Assert.Throws<ArgumentOutOfRangeException>(() => new EntropyGuidedScorerOptions { Lambda = double.NaN }).ParamName);
        Assert.Equal("AnswerReduction", Assert.Throws<ArgumentOutOfRangeException>(() => new EntropyGuidedScorerOptions { AnswerReduction = (AnswerReduction)7 }).ParamName);
        Assert.Throws<ArgumentException>(() => new EntropyGuidedScorer(new EntropyGuidedScorerOptions { UseFinalEntropy = false, UseForkTerm = false }));
        using var scope = NewDisposeScope();
        var (mask, spans) = Layout(4, (4, 2, true));
        Assert.Equal("entropies", Assert.Throws<ArgumentException>(() => new EntropyScoringInput(zeros([1, 4], ScalarType.Float64), mask, spans)).ParamName);
        Assert.Equal("completionMask", Assert.Throws<ArgumentException>(() => new EntropyScoringInput(zeros([1, 4]), ones([1, 5]), spans)).ParamName);
        var nan = tensor(new float[] { 0, 1, float.NaN, 2 }, [1, 4]);
        var error = Assert.Throws<ArgumentException>(() => new EntropyGuidedScorer().Score(new EntropyScoringInput(nan, mask, spans)));
        Assert.Contains("position 2", error.Message);
    }
}
