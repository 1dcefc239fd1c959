using FsCheck.Xunit;
using Gem.Samples.QuickStart.Calibration;

namespace Gem.Samples.QuickStart.Tests.Calibration;

public class CalibrationMathTests
{
    private static ScoredCandidate C(double score, bool correct) => new(score, correct);

    /// <summary>The definition, O(n²) in float64: P(correct scores above wrong), ties one half.</summary>
    private static double? ReferenceAuroc(IReadOnlyList<ScoredCandidate> candidates)
    {
        double wins = 0;
        long pairs = 0;
        foreach (var p in candidates.Where(c => c.Correct))
        {
            foreach (var n in candidates.Where(c => !c.Correct))
            {
                wins += p.Score > n.Score ? 1.0 : p.Score == n.Score ? 0.5 : 0.0;
                pairs++;
            }
        }

        return pairs == 0 ? null : wins / pairs;
    }

    [Fact]
    public void AUROC_has_the_textbook_values()
    {
        // scikit-learn's roc_auc_score example: y = [0, 0, 1, 1], scores = [0.1, 0.4, 0.35, 0.8] → 0.75.
        Assert.Equal(0.75, CalibrationMath.Auroc([C(0.1, false), C(0.4, false), C(0.35, true), C(0.8, true)])!.Value, 12);
        Assert.Equal(1.0, CalibrationMath.Auroc([C(1, true), C(2, true), C(-1, false)])!.Value, 12);
        Assert.Equal(0.0, CalibrationMath.Auroc([C(-1, true), C(2, false), C(3, false)])!.Value, 12);
        Assert.Equal(0.5, CalibrationMath.Auroc([C(7, true), C(7, false), C(7, true), C(7, false)])!.Value, 12);
        Assert.Null(CalibrationMath.Auroc([C(1, true), C(2, true)]));
        Assert.Null(CalibrationMath.Auroc([C(1, false)]));
        Assert.Throws<ArgumentException>(() => CalibrationMath.Auroc([C(double.NaN, true), C(1, false)]));
    }

    /// <summary>Random candidates whose scores lie on a coarse grid, so that ties are common.</summary>
    private static List<ScoredCandidate> RandomCandidates(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => C(random.Next(-4, 5) / 2.0, random.Next(2) == 0)).ToList();

    [Property(MaxTest = 200)]
    public void AUROC_equals_the_pairwise_definition_with_ties(int seed)
    {
        var random = new Random(seed);
        var candidates = RandomCandidates(random, random.Next(0, 40));
        var expected = ReferenceAuroc(candidates);
        var actual = CalibrationMath.Auroc(candidates);
        if (expected is null)
            Assert.Null(actual);
        else
            Assert.Equal(expected.Value, actual!.Value, 12);
    }

    [Fact]
    public void Best_of_k_random_pick_and_oracle_on_a_hand_computed_example()
    {
        IReadOnlyList<IReadOnlyList<ScoredCandidate>> groups =
        [
            [C(0.9, true), C(0.1, false), C(0.2, false)],   // best is correct: 1; random 1/3; oracle 1
            [C(0.5, false), C(0.5, true), C(0.1, true)],    // a tie at the top, one of two correct: 1/2; random 2/3; oracle 1
            [C(3.0, false), C(1.0, false)],                 // best wrong: 0; random 0; oracle 0
            [C(-1, false), C(-2, true)],                    // best wrong: 0; random 1/2; oracle 1
        ];
        Assert.Equal((1 + 0.5 + 0 + 0) / 4, CalibrationMath.BestOfKAccuracy(groups), 12);
        Assert.Equal((1.0 / 3 + 2.0 / 3 + 0 + 0.5) / 4, CalibrationMath.RandomPickAccuracy(groups), 12);
        Assert.Equal(0.75, CalibrationMath.OracleAccuracy(groups), 12);
        // Within groups: g1 2 pairs won; g2 (0.5 vs 0.5) ½ and (0.1 vs 0.5) 0; g3 none; g4 (−2 vs −1) 0 → 2.5 / 5.
        Assert.Equal(2.5 / 5, CalibrationMath.WithinGroupAuroc(groups)!.Value, 12);
    }

    [Property(MaxTest = 100)]
    public void Best_of_k_lies_between_zero_and_the_oracle_and_a_constant_score_is_a_random_pick(int seed)
    {
        var random = new Random(seed);
        var groups = Enumerable.Range(0, random.Next(1, 12))
            .Select(_ => (IReadOnlyList<ScoredCandidate>)RandomCandidates(random, random.Next(1, 9)))
            .ToList();
        var best = CalibrationMath.BestOfKAccuracy(groups);
        Assert.InRange(best, 0, CalibrationMath.OracleAccuracy(groups) + 1e-12);
        var flat = groups.Select(g => (IReadOnlyList<ScoredCandidate>)g.Select(c => c with { Score = 1 }).ToList()).ToList();
        Assert.Equal(CalibrationMath.RandomPickAccuracy(groups), CalibrationMath.BestOfKAccuracy(flat), 12);
        Assert.Equal(CalibrationMath.WithinGroupAuroc(flat) is null ? null : 0.5, CalibrationMath.WithinGroupAuroc(flat));
    }

    [Fact]
    public void Empty_input_is_rejected_by_name()
    {
        Assert.Equal("groups", Assert.Throws<ArgumentException>(() => CalibrationMath.BestOfKAccuracy([])).ParamName);
        Assert.Equal("groups", Assert.Throws<ArgumentException>(() => CalibrationMath.RandomPickAccuracy([[]])).ParamName);
    }
}
