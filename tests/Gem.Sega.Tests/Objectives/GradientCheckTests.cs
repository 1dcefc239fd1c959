using Gem.Sega.Objectives;
using Gem.Sega.Rewards;
using Gem.Sega.Tests.Support;

namespace Gem.Sega.Tests.Objectives;

/// <summary>
/// Autograd gradients of every objective against central finite differences in float64, through a tiny linear policy
/// (logits = X·W, per-token log-probabilities by log-softmax).
/// </summary>
public sealed class GradientCheckTests
{
    private static readonly long[] GroupIndex = [0, 1, 0, 2, 1, 0, 2];
    private static readonly double[] Ratings = [0.3, -1.2, 1.7, 0.4, 0.9, -0.5, -2.0];

    private static Tensor Mask(int members, int length)
    {
        var mask = ones(members, length, ScalarType.Bool);
        // Ragged prompts and padding: member i loses its first i % 2 and last i % 3 positions.
        for (var i = 0; i < members; i++)
        {
            if (i % 2 == 1)
                mask[i, 0] = tensor(false);
            if (i % 3 > 0)
                mask[i, TensorIndex.Slice(length - i % 3)] = tensor(false);
        }

        return mask;
    }

    public static TheoryData<string> SegaConfigurations() =>
        ["paper", "sequence-mean", "token-mean", "standardize+std+loo", "rank+median", "softmax+min", "kl", "clip-token", "clip-sequence", "clip-token+kl+token-mean"];

    private static SegaOptions Configuration(string name) => name switch
    {
        "paper" => SegaOptions.Default,
        "sequence-mean" => new SegaOptions { Aggregation = SegaAggregation.SequenceMean },
        "token-mean" => new SegaOptions { Aggregation = SegaAggregation.TokenMeanOverGroup },
        "standardize+std+loo" => new SegaOptions { RewardTransform = RewardTransform.Standardize, DivideByGroupStandardDeviation = true, Baseline = Baselines.Baseline.LeaveOneOut },
        "rank+median" => new SegaOptions { RewardTransform = RewardTransform.CenteredRank, Baseline = Baselines.Baseline.Median },
        "softmax+min" => new SegaOptions { RewardTransform = RewardTransform.Softmax, SoftmaxTemperature = 0.5, Baseline = Baselines.Baseline.Min },
        "kl" => new SegaOptions { KlCoefficient = 0.3 },
        "clip-token" => new SegaOptions { ClipEpsilon = 0.2 },
        "clip-sequence" => new SegaOptions { ClipEpsilon = 0.2, ClipRatioLevel = ClipRatioLevel.Sequence, Aggregation = SegaAggregation.SequenceMean },
        "clip-token+kl+token-mean" => new SegaOptions { ClipEpsilon = 0.1, KlCoefficient = 0.2, Aggregation = SegaAggregation.TokenMeanOverGroup },
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(SegaConfigurations))]
    public void Sega_gradient_matches_finite_differences(string configuration)
    {
        var options = Configuration(configuration);
        using var policy = new TinyPolicy(GroupIndex.Length, 5, 3, 6, seed: 11);
        using var mask = Mask(GroupIndex.Length, 5);
        using var referenceWeight = policy.OtherWeight(12, 0.5);
        using var oldWeight = policy.OtherWeight(13, 0.3);
        using var reference = policy.PerToken(referenceWeight);
        using var old = policy.PerToken(oldWeight);
        using var groupIndex = tensor(GroupIndex);
        using var ratings = tensor(Ratings, ScalarType.Float64);
        var objective = new SegaObjective(options);
        var clipped = 0.0;
        FiniteDifferences.AssertMatches(policy.Weight, w =>
        {
            var result = objective.Compute(policy.PerToken(w), groupIndex, ratings, mask,
                options.KlCoefficient > 0 ? reference : null, options.ClipEpsilon is null ? null : old);
            clipped = Math.Max(clipped, result.Diagnostics.ClippedFraction ?? 0);
            Assert.Equal(ScalarType.Float64, result.Loss.dtype);
            return result.Loss;
        });
        if (options.ClipEpsilon is not null)
            Assert.True(clipped > 0, "the old policy is far enough for the clip to bind somewhere, else clipping would go untested.");
    }

    [Fact]
    public void Sega_gradient_matches_finite_differences_with_sequence_level_input()
    {
        using var policy = new TinyPolicy(GroupIndex.Length, 4, 3, 5, seed: 21);
        using var mask = Mask(GroupIndex.Length, 4);
        var objective = new SegaObjective(new SegaOptions { RewardTransform = RewardTransform.Standardize });
        FiniteDifferences.AssertMatches(policy.Weight, w =>
        {
            var sequences = where(mask, policy.PerToken(w), zeros(1, ScalarType.Float64)).sum([1L]);
            return objective.Compute(sequences, [3, 2, 2], Ratings).Loss;
        });
    }

    public static TheoryData<string> DpoConfigurations() => ["sigmoid", "sigmoid-reference-free", "sigmoid-smoothed", "ipo"];

    [Theory]
    [MemberData(nameof(DpoConfigurations))]
    public void Dpo_gradient_matches_finite_differences(string configuration)
    {
        var options = configuration switch
        {
            "sigmoid" or "sigmoid-reference-free" => new DpoOptions { Beta = 0.5 },
            "sigmoid-smoothed" => new DpoOptions { Beta = 0.5, LabelSmoothing = 0.2 },
            "ipo" => new DpoOptions { Loss = DpoLoss.Ipo, Beta = 0.7 },
            _ => throw new ArgumentOutOfRangeException(nameof(configuration)),
        };
        // Rows 0..2 are the chosen completions, rows 3..5 the rejected ones.
        using var policy = new TinyPolicy(6, 4, 3, 5, seed: 31);
        using var mask = Mask(6, 4);
        using var referenceWeight = policy.OtherWeight(32, 0.5);
        using var reference = where(mask, policy.PerToken(referenceWeight), zeros(1, ScalarType.Float64)).sum([1L]);
        var useReference = configuration != "sigmoid-reference-free";
        var objective = new DpoObjective(options);
        FiniteDifferences.AssertMatches(policy.Weight, w =>
        {
            var sequences = where(mask, policy.PerToken(w), zeros(1, ScalarType.Float64)).sum([1L]);
            var result = objective.Compute(sequences[..3], sequences[3..],
                useReference ? reference[..3] : null, useReference ? reference[3..] : null);
            return result.Loss;
        });
    }

    [Theory]
    [InlineData(SftReduction.TokenMeanOverBatch)]
    [InlineData(SftReduction.SequenceMeanThenBatchMean)]
    public void Sft_gradient_matches_finite_differences(SftReduction reduction)
    {
        using var policy = new TinyPolicy(4, 5, 3, 6, seed: 41);
        using var mask = Mask(4, 5);
        var objective = new SftObjective(new SftOptions { Reduction = reduction });
        FiniteDifferences.AssertMatches(policy.Weight, w => objective.ComputeFromLogProbabilities(policy.PerToken(w), mask).Loss);
    }
}
