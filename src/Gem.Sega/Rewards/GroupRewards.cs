using Gem.Sega.Groups;
using Gem.Sega.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Sega.Rewards;

/// <summary>Applies a <see cref="RewardTransform"/> to padded float64 ratings <c>[G, M]</c>.</summary>
internal static class GroupRewards
{
    /// <summary>Rewards <c>[G, M]</c> float64, 0 at padding.</summary>
    public static Tensor Apply(SegaOptions options, Tensor ratings, Tensor mask)
    {
        var rewards = options.RewardTransform switch
        {
            RewardTransform.Identity => ratings,
            RewardTransform.Standardize =>
                (ratings - PaddedGroupStatistics.Mean(ratings, mask))
                / (PaddedGroupStatistics.StandardDeviation(ratings, mask) + options.StandardDeviationEpsilon),
            RewardTransform.CenteredRank =>
                PaddedGroupStatistics.AverageRank(ratings, mask) / (PaddedGroupStatistics.Count(mask, ScalarType.Float64) - 1.0) - 0.5,
            RewardTransform.Softmax =>
                where(mask, ratings / options.SoftmaxTemperature, full_like(ratings, double.NegativeInfinity)).softmax(1),
            RewardTransform.Custom => Custom(options.CustomRewardTransform!, ratings, mask),
            _ => throw new InvalidOperationException($"Unknown reward transform {options.RewardTransform}."),
        };
        return where(mask, rewards, zeros_like(rewards));
    }

    private static Tensor Custom(GroupRewardFunction function, Tensor ratings, Tensor mask)
    {
        var result = function(ratings.detach().clone(), mask.clone())
            ?? throw new InvalidOperationException("SegaOptions.CustomRewardTransform returned null; it must return rewards [G, M].");
        if (!result.shape.SequenceEqual(ratings.shape))
            throw new InvalidOperationException(
                $"SegaOptions.CustomRewardTransform must return rewards of shape [{string.Join(", ", ratings.shape)}] like its ratings; got [{string.Join(", ", result.shape)}].");
        if (!result.is_floating_point())
            throw new InvalidOperationException($"SegaOptions.CustomRewardTransform must return a floating-point tensor; got {result.dtype}.");
        return result.detach().to(ScalarType.Float64).to(ratings.device);
    }
}
