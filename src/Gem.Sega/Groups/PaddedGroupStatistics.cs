using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Sega.Groups;

/// <summary>
/// Per-group statistics over the padded layout <c>[G, M]</c> with its member mask; every group has at least two
/// members. Results are <c>[G, 1]</c> so that they broadcast against the layout. Callers own the dispose scope.
/// </summary>
internal static class PaddedGroupStatistics
{
    /// <summary>Members per group as the values' dtype, <c>[G, 1]</c>.</summary>
    public static Tensor Count(Tensor mask, ScalarType dtype) => mask.to(dtype).sum([1L], keepdim: true);

    /// <summary>Sum over members, <c>[G, 1]</c>.</summary>
    public static Tensor Sum(Tensor values, Tensor mask) => where(mask, values, zeros_like(values)).sum([1L], keepdim: true);

    /// <summary>Mean over members, <c>[G, 1]</c>.</summary>
    public static Tensor Mean(Tensor values, Tensor mask) => Sum(values, mask) / Count(mask, values.dtype);

    /// <summary>Unbiased (n − 1) standard deviation over members, <c>[G, 1]</c>.</summary>
    public static Tensor StandardDeviation(Tensor values, Tensor mask)
    {
        var centred = where(mask, values - Mean(values, mask), zeros_like(values));
        return (centred.square().sum([1L], keepdim: true) / (Count(mask, values.dtype) - 1.0)).sqrt();
    }

    /// <summary>Smallest member value, <c>[G, 1]</c>.</summary>
    public static Tensor Min(Tensor values, Tensor mask) =>
        where(mask, values, full_like(values, double.PositiveInfinity)).amin([1L], keepdim: true);

    /// <summary>Largest member value, <c>[G, 1]</c>.</summary>
    public static Tensor Max(Tensor values, Tensor mask) =>
        where(mask, values, full_like(values, double.NegativeInfinity)).amax([1L], keepdim: true);

    /// <summary>Median over members (mean of the two middle values for an even count), <c>[G, 1]</c>.</summary>
    public static Tensor Median(Tensor values, Tensor mask)
    {
        // Padding sorts last as +∞, so the members occupy positions 0 … n−1 of each sorted row.
        var sorted = where(mask, values, full_like(values, double.PositiveInfinity)).sort(1).Values;
        var n = mask.to(ScalarType.Int64).sum([1L], keepdim: true);
        var low = sorted.gather(1, (n - 1).div(2, rounding_mode: RoundingMode.floor));
        var high = sorted.gather(1, n.div(2, rounding_mode: RoundingMode.floor));
        return (low + high) / 2.0;
    }

    /// <summary>
    /// Rank of each member within its group, 0 … n − 1 ascending, ties sharing their average rank, <c>[G, M]</c>
    /// (0 at padding).
    /// </summary>
    public static Tensor AverageRank(Tensor values, Tensor mask)
    {
        // rank_i = #{j : v_j < v_i} + ½ · #{j ≠ i : v_j = v_i}, over members j of the same group.
        var vi = values.unsqueeze(2);
        var vj = values.unsqueeze(1);
        var other = mask.unsqueeze(1).logical_and(mask.unsqueeze(2));
        var less = vj.lt(vi).logical_and(other).to(values.dtype).sum([2L]);
        var equal = vj.eq(vi).logical_and(other).to(values.dtype).sum([2L]) - 1.0;
        var rank = less + equal * 0.5;
        return where(mask, rank, zeros_like(rank));
    }
}
