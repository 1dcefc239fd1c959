using Gem.Sega.Objectives;
using Gem.Sega.Rewards;
using Gem.Testing;

namespace Gem.Sega.Tests.Objectives;

/// <summary>No objective leaves a tensor alive beyond the results it returns.</summary>
public sealed class LeakTests
{
    [Fact]
    public void Sega_with_every_feature_leaves_no_tensor_alive_but_its_result()
    {
        using var logProbabilities = (-rand(6, 5)).requires_grad_(true);
        using var reference = -rand(6, 5);
        using var old = -rand(6, 5);
        using var mask = rand(6, 5).gt(0.3);
        using var groups = tensor(new long[] { 0, 1, 0, 1, 1, 0 });
        using var ratings = tensor(new[] { 0.1, 0.5, -0.3, 0.5, 0.9, 2.0 }, ScalarType.Float64);
        foreach (var options in new[]
                 {
                     new SegaOptions(),
                     new SegaOptions { RewardTransform = RewardTransform.CenteredRank, Baseline = Baselines.Baseline.Median, KlCoefficient = 0.1, ClipEpsilon = 0.2, Aggregation = SegaAggregation.TokenMeanOverGroup },
                     new SegaOptions { RewardTransform = RewardTransform.Softmax, Baseline = Baselines.Baseline.LeaveOneOut, DivideByGroupStandardDeviation = true, ClipEpsilon = 0.2, ClipRatioLevel = ClipRatioLevel.Sequence },
                     new SegaOptions { RewardTransform = RewardTransform.Custom, CustomRewardTransform = (r, m) => r * 2.0 },
                 })
        {
            var objective = new SegaObjective(options);
            TensorLeakCheck.AssertNoLeak(() => [objective.Compute(logProbabilities, groups, ratings, mask, options.KlCoefficient > 0 ? reference : null, options.ClipEpsilon is null ? null : old)],
                $"SegaObjective.Compute ({options.RewardTransform}/{options.Baseline})");
        }

        TensorLeakCheck.AssertNoLeak(() => [new SegaObjective().ComputeAdvantages(groups, ratings)], "SegaObjective.ComputeAdvantages");
        using var sequences = (-rand(6)).requires_grad_(true);
        TensorLeakCheck.AssertNoLeak(() => [new SegaObjective().Compute(sequences, [3, 3], [1.0, 2.0, 3.0, 1.0, 1.0, 1.0])], "SegaObjective.Compute (group sizes)");
    }

    [Fact]
    public void Dpo_and_sft_leave_no_tensor_alive_but_their_results()
    {
        using var chosen = (-rand(4)).requires_grad_(true);
        using var rejected = (-rand(4)).requires_grad_(true);
        using var referenceChosen = -rand(4);
        using var referenceRejected = -rand(4);
        var dpo = new DpoObjective(new DpoOptions { LabelSmoothing = 0.1 });
        TensorLeakCheck.AssertNoLeak(() => [dpo.Compute(chosen, rejected, referenceChosen, referenceRejected)], "DpoObjective.Compute");
        TensorLeakCheck.AssertNoLeak(() => [new DpoObjective(new DpoOptions { Loss = DpoLoss.Ipo }).Compute(chosen, rejected)], "DpoObjective.Compute (IPO)");

        using var logits = randn(2, 4, 9).requires_grad_(true);
        using var targets = randint(0, 9, [2, 4]);
        using var mask = ones(2, 4);
        TensorLeakCheck.AssertNoLeak(() => [new SftObjective().Compute(logits, targets, mask)], "SftObjective.Compute");
    }
}
