using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gem.Sega.Objectives;
using Gem.Sega.Tests.Support;

namespace Gem.Sega.Tests.Objectives;

/// <summary>FsCheck properties of SEGA's loss and its gradient with respect to per-token log-probabilities.</summary>
public sealed class SegaLossPropertyTests
{
    private static readonly SegaAggregation[] Aggregations =
        [SegaAggregation.SequenceSum, SegaAggregation.SequenceMean, SegaAggregation.TokenMeanOverGroup];

    /// <summary>Random per-token log-probabilities [N, T] float64 and a mask with at least one completion token per row.</summary>
    private static (Tensor LogProbabilities, Tensor Mask) RandomTokens(int members, int length, int seed)
    {
        using var generator = new Generator((ulong)seed);
        var logProbabilities = -rand([members, length], ScalarType.Float64, generator: generator) * 3.0;
        var mask = rand([members, length], ScalarType.Float64, generator: generator).gt(0.4);
        mask[TensorIndex.Colon, 0] = tensor(true); // every member has a completion token
        return (logProbabilities, mask);
    }

    private static (double Loss, double[] Gradient, SegaDiagnostics Diagnostics) LossAndGradient(SegaObjective objective, Tensor logProbabilities, long[] groupIndex, double[] ratings,
        Tensor mask, Tensor? reference, Tensor? old)
    {
        using var scope = NewDisposeScope();
        var leaf = logProbabilities.detach().clone().requires_grad_(true);
        using var result = objective.Compute(leaf, tensor(groupIndex), tensor(ratings, ScalarType.Float64), mask, reference, old);
        result.Loss.backward();
        return (result.Loss.item<double>(), leaf.grad!.data<double>().ToArray(), result.Diagnostics);
    }

    [Property(MaxTest = 25)]
    public Property A_group_of_equal_ratings_contributes_no_gradient() =>
        Prop.ForAll(GroupGenerators.Batches(), batch =>
        {
            var flat = batch.Groups.Select(g => (double[])g.Clone()).ToArray();
            var target = batch.Seed % flat.Length;
            Array.Fill(flat[target], flat[target][0]);
            var equal = batch with { Groups = flat };
            var expectedZeroGroups = flat.Count(g => g.All(r => r == g[0]));
            const int length = 4;
            var (logProbabilities, mask) = RandomTokens(batch.MemberCount, length, batch.Seed);
            using var _ = logProbabilities;
            using var __ = mask;
            using var old = (logProbabilities + 0.3 * randn_like(logProbabilities)).detach();
            var combination = 0;
            foreach (var transform in GroupGenerators.Transforms)
            {
                foreach (var baseline in GroupGenerators.AllBaselines)
                {
                    // Every transform × baseline each run; the other switches vary with the seed.
                    var pick = batch.Seed + combination++;
                    var aggregation = Aggregations[pick % Aggregations.Length];
                    var clip = pick / 3 % 2 == 1;
                    var full = new SegaOptions
                    {
                        RewardTransform = transform, Baseline = baseline, DivideByGroupStandardDeviation = pick / 6 % 2 == 1,
                        Aggregation = aggregation, ClipEpsilon = clip ? 0.2 : null, SoftmaxTemperature = 0.7,
                    };
                    var objective = new SegaObjective(full);
                    var (_, gradient, diagnostics) = LossAndGradient(objective, logProbabilities, equal.GroupIndex, equal.Ratings, mask, null, clip ? old : null);
                    var members = equal.Members;
                    for (var k = 0; k < members.Length; k++)
                    {
                        if (members[k].Group != target)
                            continue;
                        for (var t = 0; t < length; t++)
                            Assert.True(gradient[k * length + t] == 0, $"{transform}/{baseline}/{aggregation}/clip={clip}: member {k} token {t} has gradient {gradient[k * length + t]:R}.");
                    }

                    Assert.Equal(expectedZeroGroups, diagnostics.ZeroVarianceGroups);
                }
            }
        });

    [Property(MaxTest = 25)]
    public Property Masked_tokens_have_no_effect_on_the_loss_or_its_gradient() =>
        Prop.ForAll(GroupGenerators.Batches(), batch =>
        {
            const int length = 5;
            var (logProbabilities, mask) = RandomTokens(batch.MemberCount, length, batch.Seed);
            using var _ = logProbabilities;
            using var __ = mask;
            using var generator = new Generator((ulong)batch.Seed + 1);
            using var reference = (logProbabilities + 0.5 * randn(logProbabilities.shape, ScalarType.Float64, generator: generator)).detach();
            using var old = (logProbabilities + 0.3 * randn(logProbabilities.shape, ScalarType.Float64, generator: generator)).detach();
            // Garbage where the mask is 0: huge values, +∞, NaN.
            using var garbage = randn(logProbabilities.shape, ScalarType.Float64, generator: generator) * 1e6;
            garbage[0, TensorIndex.Colon] = tensor(double.NaN);
            garbage[TensorIndex.Colon, length - 1] = tensor(double.PositiveInfinity);
            using var dirtyLogProbabilities = where(mask, logProbabilities, garbage);
            using var dirtyReference = where(mask, reference, garbage);
            using var dirtyOld = where(mask, old, garbage);
            using var maskAsFloat = mask.to(ScalarType.Float32);
            foreach (var aggregation in Aggregations)
            {
                foreach (var clipLevel in new ClipRatioLevel?[] { null, ClipRatioLevel.Token, ClipRatioLevel.Sequence })
                {
                    if (clipLevel == ClipRatioLevel.Sequence && aggregation == SegaAggregation.TokenMeanOverGroup)
                        continue;
                    var objective = new SegaObjective(new SegaOptions
                    {
                        Aggregation = aggregation, KlCoefficient = 0.05, ClipEpsilon = clipLevel is null ? null : 0.2,
                        ClipRatioLevel = clipLevel ?? ClipRatioLevel.Token, RewardTransform = Rewards.RewardTransform.Standardize,
                    });
                    var clean = LossAndGradient(objective, logProbabilities, batch.GroupIndex, batch.Ratings, mask, reference, clipLevel is null ? null : old);
                    var dirty = LossAndGradient(objective, dirtyLogProbabilities, batch.GroupIndex, batch.Ratings, maskAsFloat, dirtyReference, clipLevel is null ? null : dirtyOld);
                    Assert.Equal(clean.Loss, dirty.Loss, 12);
                    var maskValues = mask.data<bool>().ToArray();
                    for (var k = 0; k < clean.Gradient.Length; k++)
                    {
                        Assert.Equal(clean.Gradient[k], dirty.Gradient[k], 12);
                        if (!maskValues[k])
                            Assert.True(dirty.Gradient[k] == 0, $"{aggregation}/{clipLevel}: masked entry {k} has gradient {dirty.Gradient[k]:R}.");
                    }
                }
            }
        });
}
