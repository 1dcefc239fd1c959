using FsCheck;
using FsCheck.Fluent;
using Gem.Sega.Baselines;
using Gem.Sega.Objectives;
using Gem.Sega.Rewards;

namespace Gem.Sega.Tests.Support;

/// <summary>A batch of groups of different sizes, with members interleaved across groups in a random order.</summary>
internal sealed record GroupBatch(double[][] Groups, int[] Order, int Seed)
{
    /// <summary>Member k of the batch is member <c>Members[k].Slot</c> of group <c>Members[k].Group</c>.</summary>
    public (int Group, int Slot)[] Members
    {
        get
        {
            var all = Groups.SelectMany((g, gi) => g.Select((_, si) => (gi, si))).ToArray();
            return Order.Select(k => all[k]).ToArray();
        }
    }

    public long[] GroupIndex => Members.Select(m => (long)m.Group).ToArray();
    public double[] Ratings => Members.Select(m => Groups[m.Group][m.Slot]).ToArray();
    public int MemberCount => Order.Length;

    public override string ToString() =>
        $"groups [{string.Join(" | ", Groups.Select(g => string.Join(", ", g)))}], order [{string.Join(", ", Order)}], seed {Seed}";
}

internal static class GroupGenerators
{
    /// <summary>Ratings on a coarse grid (quarters), so that ties are frequent.</summary>
    private static readonly Gen<double> Rating = Gen.Choose(-40, 40).Select(i => i / 4.0);

    private static readonly Gen<double[]> Group = Gen.Choose(2, 5).SelectMany(n => Gen.ArrayOf(Rating, n));

    public static readonly Gen<GroupBatch> Batch =
        from groups in Gen.Choose(1, 4).SelectMany(g => Gen.ArrayOf(Group, g))
        from order in Gen.Shuffle(Enumerable.Range(0, groups.Sum(x => x.Length)).ToArray())
        from seed in Gen.Choose(0, 1_000_000)
        select new GroupBatch(groups, order, seed);

    public static Arbitrary<GroupBatch> Batches() => Batch.ToArbitrary();

    public static readonly RewardTransform[] Transforms =
        [RewardTransform.Identity, RewardTransform.Standardize, RewardTransform.CenteredRank, RewardTransform.Softmax];

    public static readonly Baseline[] AllBaselines = [Baseline.Mean, Baseline.Median, Baseline.Min, Baseline.LeaveOneOut];

    /// <summary>Every built-in combination of transform, baseline and division by the standard deviation.</summary>
    public static IEnumerable<SegaOptions> AllOptions() =>
        from t in Transforms
        from b in AllBaselines
        from d in new[] { false, true }
        select new SegaOptions { RewardTransform = t, Baseline = b, DivideByGroupStandardDeviation = d, SoftmaxTemperature = 0.7 };
}
