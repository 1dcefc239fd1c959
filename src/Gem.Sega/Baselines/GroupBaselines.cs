using Gem.Sega.Groups;
using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Sega.Baselines;

/// <summary>Computes a <see cref="Baseline"/> over padded rewards <c>[G, M]</c>.</summary>
internal static class GroupBaselines
{
    /// <summary>Baselines broadcastable to <c>[G, M]</c> (<c>[G, 1]</c>, or <c>[G, M]</c> for leave-one-out).</summary>
    public static Tensor Compute(Baseline baseline, Tensor rewards, Tensor mask) => baseline switch
    {
        Baseline.Mean => PaddedGroupStatistics.Mean(rewards, mask),
        Baseline.Median => PaddedGroupStatistics.Median(rewards, mask),
        Baseline.Min => PaddedGroupStatistics.Min(rewards, mask),
        Baseline.LeaveOneOut =>
            (PaddedGroupStatistics.Sum(rewards, mask) - rewards) / (PaddedGroupStatistics.Count(mask, rewards.dtype) - 1.0),
        _ => throw new InvalidOperationException($"Unknown baseline {baseline}."),
    };
}
