using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gem.Sega.Baselines;
using Gem.Sega.Objectives;
using Gem.Sega.Rewards;
using Gem.Sega.Tests.Support;

namespace Gem.Sega.Tests.Objectives;

/// <summary>FsCheck properties of SEGA's advantages over random batches of groups of different sizes, interleaved.</summary>
public sealed class SegaAdvantagePropertyTests
{
    private static double[] Advantages(SegaOptions options, long[] groupIndex, double[] ratings)
    {
        using var index = tensor(groupIndex, ScalarType.Int64);
        using var r = tensor(ratings, ScalarType.Float64);
        using var a = new SegaObjective(options).ComputeAdvantages(index, r);
        Assert.Equal(ScalarType.Float64, a.dtype);
        return a.data<double>().ToArray();
    }

    private static void AssertClose(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Max(1.0, Math.Abs(expected)), $"{what}: expected {expected:R}, got {actual:R}.");

    [Property(MaxTest = 40)]
    public Property Advantages_match_the_float64_reference_for_every_transform_and_baseline() =>
        Prop.ForAll(GroupGenerators.Batches(), batch =>
        {
            foreach (var options in GroupGenerators.AllOptions())
            {
                var actual = Advantages(options, batch.GroupIndex, batch.Ratings);
                var expected = batch.Groups
                    .Select(g => ReferenceAdvantages.Advantages(g, options.RewardTransform, options.Baseline, options.DivideByGroupStandardDeviation, options.SoftmaxTemperature))
                    .ToArray();
                var members = batch.Members;
                for (var k = 0; k < members.Length; k++)
                    AssertClose(expected[members[k].Group][members[k].Slot], actual[k], 1e-9,
                        $"{options.RewardTransform}/{options.Baseline}/std={options.DivideByGroupStandardDeviation} member {k}");
            }
        });

    [Property(MaxTest = 100)]
    public Property Leave_one_out_advantage_is_the_rating_minus_the_mean_of_the_others() =>
        Prop.ForAll(GroupGenerators.Batches(), batch =>
        {
            var actual = Advantages(new SegaOptions { Baseline = Baseline.LeaveOneOut }, batch.GroupIndex, batch.Ratings);
            var members = batch.Members;
            for (var k = 0; k < members.Length; k++)
            {
                var group = batch.Groups[members[k].Group];
                var own = group[members[k].Slot];
                // Σ_{j≠i} ρ_j / (n − 1), summed member by member in float64.
                var others = group.Where((_, j) => j != members[k].Slot).Sum() / (group.Length - 1);
                AssertClose(own - others, actual[k], 1e-12, $"member {k}");
            }
        });

    [Property(MaxTest = 40)]
    public Property Mean_baseline_advantages_sum_to_zero_in_every_group() =>
        Prop.ForAll(GroupGenerators.Batches(), batch =>
        {
            foreach (var options in GroupGenerators.AllOptions().Where(o => o.Baseline == Baseline.Mean))
            {
                var a = Advantages(options, batch.GroupIndex, batch.Ratings);
                var index = batch.GroupIndex;
                for (var g = 0; g < batch.Groups.Length; g++)
                {
                    var members = Enumerable.Range(0, a.Length).Where(k => index[k] == g).ToArray();
                    var sum = members.Sum(k => a[k]);
                    var scale = Math.Max(1.0, members.Sum(k => Math.Abs(a[k])));
                    Assert.True(Math.Abs(sum) <= 1e-9 * scale, $"{options.RewardTransform}/std={options.DivideByGroupStandardDeviation}: group {g} sums to {sum:R}.");
                }
            }
        });

    [Property(MaxTest = 40)]
    public Property Adding_a_constant_to_one_groups_ratings_changes_no_advantage() =>
        Prop.ForAll(GroupGenerators.Batches(), batch =>
        {
            var shifted = batch.Groups.Select(g => (double[])g.Clone()).ToArray();
            var target = batch.Seed % shifted.Length;
            var constant = (batch.Seed % 41 - 20) / 4.0 + 0.25;
            for (var s = 0; s < shifted[target].Length; s++)
                shifted[target][s] += constant;
            var moved = batch with { Groups = shifted };
            foreach (var options in GroupGenerators.AllOptions())
            {
                var before = Advantages(options, batch.GroupIndex, batch.Ratings);
                var after = Advantages(options, moved.GroupIndex, moved.Ratings);
                for (var k = 0; k < before.Length; k++)
                    AssertClose(before[k], after[k], 1e-9, $"{options.RewardTransform}/{options.Baseline}/std={options.DivideByGroupStandardDeviation} member {k}");
            }
        });

    [Property(MaxTest = 40)]
    public Property Permuting_the_members_permutes_the_advantages() =>
        Prop.ForAll(GroupGenerators.Batches(), batch =>
        {
            var random = new Random(batch.Seed);
            var permutation = Enumerable.Range(0, batch.MemberCount).OrderBy(_ => random.Next()).ToArray();
            var index = batch.GroupIndex;
            var ratings = batch.Ratings;
            var permutedIndex = permutation.Select(p => index[p]).ToArray();
            var permutedRatings = permutation.Select(p => ratings[p]).ToArray();
            foreach (var options in GroupGenerators.AllOptions())
            {
                var a = Advantages(options, index, ratings);
                var b = Advantages(options, permutedIndex, permutedRatings);
                for (var k = 0; k < a.Length; k++)
                    AssertClose(a[permutation[k]], b[k], 1e-9, $"{options.RewardTransform}/{options.Baseline} member {k}");
            }
        });
}
