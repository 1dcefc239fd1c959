using FsCheck;
using FsCheck.Xunit;
using Gem.Core.Filtering;

namespace Gem.Core.Tests.Filtering;

/// <summary>Properties every ranker must have, on random groups of exactly representable scores.</summary>
public sealed class RankerProperties
{
    // Scores on a 1/16 grid keep S + c and S_i − S_j exact in double, so properties about shifts test the rankers, not rounding.
    private static double[] Scores(int[] raw) => raw.Take(16).Select(r => (r % 161) / 16.0).ToArray();

    public static TheoryData<string> RankerNames => ["score", "bradley-terry", "trueskill", "plackett-luce"];

    internal static ICandidateRanker Create(string name, double humanWeight = 1.0) => name switch
    {
        "score" => new ScoreRanker(),
        "bradley-terry" => new BradleyTerryRanker(new BradleyTerryOptions { HumanWeight = humanWeight }),
        "trueskill" => new TrueSkillRanker(new TrueSkillOptions { HumanWeight = humanWeight }),
        "plackett-luce" => new PlackettLuceRanker(new PlackettLuceOptions { HumanWeight = humanWeight }),
        _ => throw new ArgumentException(name),
    };

    private static bool PreservesScoreOrder(string ranker, int[] raw, bool tiesShareRatings)
    {
        var scores = Scores(raw);
        var ratings = Create(ranker).Rank(scores);
        for (var i = 0; i < scores.Length; i++)
        {
            for (var j = 0; j < scores.Length; j++)
            {
                if (scores[i] > scores[j] && !(ratings[i] > ratings[j]))
                    return false;
                if (tiesShareRatings && scores[i] == scores[j] && Math.Abs(ratings[i] - ratings[j]) > 1e-9)
                    return false;
            }
        }
        return true;
    }

    [Property(MaxTest = 300)]
    public bool Score_ranker_preserves_the_score_order(NonEmptyArray<int> raw) => PreservesScoreOrder("score", raw.Get, true);

    [Property(MaxTest = 300)]
    public bool Bradley_Terry_preserves_the_score_order(NonEmptyArray<int> raw) => PreservesScoreOrder("bradley-terry", raw.Get, true);

    [Property(MaxTest = 300)]
    public bool Plackett_Luce_preserves_the_score_order(NonEmptyArray<int> raw) => PreservesScoreOrder("plackett-luce", raw.Get, true);

    [Property(MaxTest = 1000)]
    public bool TrueSkill_preserves_the_strict_score_order(NonEmptyArray<int> raw) => PreservesScoreOrder("trueskill", raw.Get, false);

    private static bool RespectsHumanPair(string ranker, int[] raw, int chosenSeed, int rejectedSeed)
    {
        var scores = Scores(raw);
        if (scores.Length < 2)
            return true;
        var chosen = (int)((uint)chosenSeed % scores.Length);
        var rejected = (int)((uint)rejectedSeed % (scores.Length - 1));
        if (rejected >= chosen)
            rejected++;
        var ratings = Create(ranker, humanWeight: 1000).Rank(scores, new HumanPreference(chosen, rejected));
        return ratings[chosen] > ratings[rejected];
    }

    [Property(MaxTest = 200)]
    public bool Bradley_Terry_respects_the_human_pair_at_high_weight(NonEmptyArray<int> raw, int c, int r) => RespectsHumanPair("bradley-terry", raw.Get, c, r);

    [Property(MaxTest = 200)]
    public bool Plackett_Luce_respects_the_human_pair_at_high_weight(NonEmptyArray<int> raw, int c, int r) => RespectsHumanPair("plackett-luce", raw.Get, c, r);

    [Property(MaxTest = 200)]
    public bool TrueSkill_respects_the_human_pair_at_high_weight(NonEmptyArray<int> raw, int c, int r) => RespectsHumanPair("trueskill", raw.Get, c, r);

    [Theory]
    [InlineData("bradley-terry")]
    [InlineData("trueskill")]
    [InlineData("plackett-luce")]
    public void The_human_pair_moves_the_chosen_member_up_against_the_score_order(string ranker)
    {
        // Scores say the rejected member (3) is best and the chosen (0) worst.
        double[] scores = [-1.0, 0.0, 0.5, 1.0];
        var without = Create(ranker).Rank(scores);
        var with = Create(ranker).Rank(scores, new HumanPreference(0, 3));
        Assert.True(with[0] - with[3] > without[0] - without[3], $"gap with the human pair {with[0] - with[3]}, without {without[0] - without[3]}");
    }

    [Theory]
    [InlineData("bradley-terry")]
    [InlineData("plackett-luce")]
    public void A_human_weight_of_zero_ignores_the_human_pair(string ranker)
    {
        double[] scores = [0.3, -1.0, 2.0, 0.7, 0.7];
        var without = Create(ranker, humanWeight: 0).Rank(scores);
        var with = Create(ranker, humanWeight: 0).Rank(scores, new HumanPreference(1, 2));
        Assert.Equal(without, with);
    }

    private static bool ShiftInvariant(string ranker, int[] raw, int shiftRaw, bool withHuman)
    {
        var scores = Scores(raw);
        var shift = (shiftRaw % 1601) / 16.0;
        var shifted = scores.Select(s => s + shift).ToArray();
        HumanPreference? human = withHuman && scores.Length >= 2 ? new HumanPreference(scores.Length - 1, 0) : null;
        var a = Create(ranker).Rank(scores, human);
        var b = Create(ranker).Rank(shifted, human);
        if (ranker == "score")
            return a.Zip(b).All(p => p.Second == p.First + shift);
        return a.Zip(b).All(p => Math.Abs(p.First - p.Second) <= 1e-9);
    }

    [Property(MaxTest = 200)]
    public bool Bradley_Terry_is_invariant_to_a_constant_added_to_the_scores(NonEmptyArray<int> raw, int shift, bool human) => ShiftInvariant("bradley-terry", raw.Get, shift, human);

    [Property(MaxTest = 200)]
    public bool Plackett_Luce_is_invariant_to_a_constant_added_to_the_scores(NonEmptyArray<int> raw, int shift, bool human) => ShiftInvariant("plackett-luce", raw.Get, shift, human);

    [Property(MaxTest = 200)]
    public bool TrueSkill_is_invariant_to_a_constant_added_to_the_scores(NonEmptyArray<int> raw, int shift, bool human) => ShiftInvariant("trueskill", raw.Get, shift, human);

    [Property(MaxTest = 200)]
    public bool Score_ratings_shift_with_the_scores(NonEmptyArray<int> raw, int shift) => ShiftInvariant("score", raw.Get, shift, false);

    private static bool DuplicatesShareRatings(string ranker, int[] raw, int[] keysRaw)
    {
        var distinct = Scores(raw);
        var n = Math.Max(distinct.Length, 1) * 2;
        // Each member copies a distinct completion; copies differ in score by batching noise (1e-7).
        var keys = Enumerable.Range(0, n).Select(i => (int)((uint)(i < keysRaw.Length ? keysRaw[i] : i) % distinct.Length)).ToArray();
        var scores = keys.Select((k, i) => distinct[k] + ((i % 3) - 1) * 1e-7).ToArray();
        var ratings = Create(ranker).Rank(scores, null, keys);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                if (keys[i] == keys[j] && ratings[i] != ratings[j])
                    return false;
            }
        }
        return true;
    }

    [Property(MaxTest = 100)]
    public bool Score_ranker_gives_duplicates_one_rating(NonEmptyArray<int> raw, int[] keys) => DuplicatesShareRatings("score", raw.Get, keys);

    [Property(MaxTest = 100)]
    public bool Bradley_Terry_gives_duplicates_one_rating(NonEmptyArray<int> raw, int[] keys) => DuplicatesShareRatings("bradley-terry", raw.Get, keys);

    [Property(MaxTest = 100)]
    public bool TrueSkill_gives_duplicates_one_rating(NonEmptyArray<int> raw, int[] keys) => DuplicatesShareRatings("trueskill", raw.Get, keys);

    [Property(MaxTest = 100)]
    public bool Plackett_Luce_gives_duplicates_one_rating(NonEmptyArray<int> raw, int[] keys) => DuplicatesShareRatings("plackett-luce", raw.Get, keys);

    [Theory]
    [InlineData("bradley-terry")]
    [InlineData("trueskill")]
    [InlineData("plackett-luce")]
    public void Merging_duplicates_counts_a_completion_once(string ranker)
    {
        // A completion sampled three times must not weigh three times: the ratings equal those of the deduplicated group.
        double[] distinct = [0.5, -0.25, 1.5];
        double[] group = [0.5, -0.25, 0.5, 1.5, 0.5];
        int[] keys = [7, 3, 7, 9, 7];
        var merged = Create(ranker).Rank(group, new HumanPreference(1, 3), keys);
        var reference = Create(ranker).Rank(distinct, new HumanPreference(1, 2));
        Assert.Equal([reference[0], reference[1], reference[0], reference[2], reference[0]], merged);
    }

    [Property(MaxTest = 100)]
    public bool Rankers_are_deterministic(NonEmptyArray<int> raw)
    {
        var scores = Scores(raw.Get);
        HumanPreference? human = scores.Length >= 2 ? new HumanPreference(0, 1) : null;
        foreach (var name in new[] { "score", "bradley-terry", "trueskill", "plackett-luce" })
        {
            var a = Create(name).Rank(scores, human);
            var b = Create(name).Rank(scores, human);
            if (!a.SequenceEqual(b))
                return false;
        }
        return true;
    }

    [Property(MaxTest = 100)]
    public bool Bradley_Terry_and_Plackett_Luce_follow_a_permutation_of_the_members(NonEmptyArray<int> raw, int rotate)
    {
        var scores = Scores(raw.Get);
        var n = scores.Length;
        var r = (int)((uint)rotate % n);
        var permuted = Enumerable.Range(0, n).Select(i => scores[(i + r) % n]).ToArray();
        foreach (var name in new[] { "bradley-terry", "plackett-luce" })
        {
            var a = Create(name).Rank(scores);
            var b = Create(name).Rank(permuted);
            for (var i = 0; i < n; i++)
            {
                if (Math.Abs(b[i] - a[(i + r) % n]) > 1e-9)
                    return false;
            }
        }
        return true;
    }
}
