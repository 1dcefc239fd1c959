using Gem.Sega.Baselines;
using Gem.Sega.Objectives;
using Gem.Sega.Rewards;

namespace Gem.Sega.Tests.Objectives;

/// <summary>SEGA on small batches with values worked out by hand.</summary>
public sealed class SegaObjectiveTests
{
    private static double[] Values(Tensor t) => t.to(ScalarType.Float64).data<double>().ToArray();

    [Fact]
    public void Paper_defaults_give_the_hand_computed_loss_over_groups_of_different_sizes()
    {
        // Group 0 = members {0, 2, 3}, ratings 1, 2, 6 → mean 3, A = −2, −1, 3. Group 1 = {1, 4}, ratings 0, 4 → A = −2, 2.
        using var l = tensor(new[] { -1.0, -2.0, -3.0, -4.0, -5.0 }, ScalarType.Float64);
        using var groups = tensor(new long[] { 0, 1, 0, 0, 1 });
        using var ratings = tensor(new[] { 1.0, 0.0, 2.0, 6.0, 4.0 }, ScalarType.Float64);
        using var result = new SegaObjective().Compute(l, groups, ratings);
        Assert.Equal(new[] { -2.0, -2.0, -1.0, 3.0, 2.0 }, Values(result.Advantages));
        // L = −½[(1/3)(2 + 3 − 12) + (1/2)(4 − 10)] = −½[−7/3 − 3] = 8/3.
        Assert.Equal(8.0 / 3.0, result.Loss.item<double>(), 12);
        var d = result.Diagnostics;
        Assert.Equal(2, d.GroupCount);
        Assert.Equal(5, d.MemberCount);
        Assert.Equal(13.0 / 5.0, d.RatingMean, 12);
        Assert.Equal(13.0 / 5.0, d.RewardMean, 12);
        Assert.Equal(10.0 / 5.0, d.AdvantageAbsMean, 12);
        Assert.Equal(0, d.ZeroVarianceGroups);
        Assert.Null(d.KlMean);
        Assert.Null(d.ClippedFraction);
        // Group stds: sqrt(7) and sqrt(8).
        Assert.Equal((Math.Sqrt(7) + Math.Sqrt(8)) / 2, d.GroupRewardStdMean, 12);
    }

    [Fact]
    public void Float32_log_probabilities_give_a_float32_loss_and_float64_advantages()
    {
        using var l = tensor(new[] { -1f, -2f, -3f, -4f }).requires_grad_(true);
        using var result = new SegaObjective().Compute(l, [2, 2], [1.0, 0.0, 0.5, 0.5]);
        Assert.Equal(ScalarType.Float32, result.Loss.dtype);
        Assert.Equal(ScalarType.Float64, result.Advantages.dtype);
        Assert.Equal(1, result.Diagnostics.ZeroVarianceGroups);
        result.Loss.backward();
        // ∂L/∂ℓ_i = −A_i / (G·|g|) = ∓0.5 / 4.
        Assert.Equal(new[] { -0.125f, 0.125f, 0f, 0f }, l.grad!.data<float>().ToArray());
    }

    [Fact]
    public void Bfloat16_per_token_log_probabilities_are_promoted_to_float32()
    {
        using var l = tensor(new[,] { { -1f, -2f }, { -0.5f, -3f } }).to(ScalarType.BFloat16).requires_grad_(true);
        using var mask = tensor(new[,] { { 1, 1 }, { 1, 0 } });
        using var result = new SegaObjective().Compute(l, [2], [1.0, 0.0], mask);
        Assert.Equal(ScalarType.Float32, result.Loss.dtype);
        // A = ±½, G = 1, |g| = 2: L = −½(½·(−3) − ½·(−0.5)) = 0.625.
        Assert.Equal(0.625f, result.Loss.item<float>(), 6);
        result.Loss.backward();
        Assert.Equal(ScalarType.BFloat16, l.grad!.dtype);
        Assert.Equal(new[] { -0.25f, -0.25f, 0.25f, 0f }, l.grad!.to(ScalarType.Float32).data<float>().ToArray());
    }

    [Fact]
    public void Median_of_an_even_group_is_the_mean_of_the_middle_two()
    {
        using var groups = tensor(new long[] { 0, 0, 0, 0 });
        using var ratings = tensor(new[] { 10.0, 1.0, 3.0, 2.0 }, ScalarType.Float64);
        using var a = new SegaObjective(new SegaOptions { Baseline = Baseline.Median }).ComputeAdvantages(groups, ratings);
        Assert.Equal(new[] { 7.5, -1.5, 0.5, -0.5 }, Values(a));
    }

    [Fact]
    public void Centred_ranks_share_ties_and_span_minus_half_to_half()
    {
        using var groups = tensor(new long[] { 0, 0, 0, 1, 1, 1, 1 });
        using var ratings = tensor(new[] { 1.0, 1.0, 2.0, 5.0, -1.0, 3.0, 0.0 }, ScalarType.Float64);
        using var a = new SegaObjective(new SegaOptions { RewardTransform = RewardTransform.CenteredRank, Baseline = Baseline.Min })
            .ComputeAdvantages(groups, ratings);
        // Group 0 ranks 0.5, 0.5, 2 → rewards −0.25, −0.25, 0.5, min −0.25. Group 1 ranks 3, 0, 2, 1 → 0.5, −0.5, 1/6, −1/6.
        var expected = new[] { 0.0, 0.0, 0.75, 1.0, 0.0, 2.0 / 3.0, 1.0 / 3.0 };
        var actual = Values(a);
        for (var i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], actual[i], 12);
    }

    [Fact]
    public void Softmax_rewards_follow_the_temperature()
    {
        using var groups = tensor(new long[] { 0, 0 });
        using var ratings = tensor(new[] { Math.Log(3.0), 0.0 }, ScalarType.Float64);
        using var result = new SegaObjective(new SegaOptions { RewardTransform = RewardTransform.Softmax, SoftmaxTemperature = 0.5 })
            .Compute(tensor(new[] { -1.0, -1.0 }, ScalarType.Float64), groups, ratings);
        // exp(2·ln 3) = 9 against 1: rewards 0.9, 0.1; mean baseline 0.5.
        var r = Values(result.Rewards);
        Assert.Equal(0.9, r[0], 12);
        Assert.Equal(0.1, r[1], 12);
        Assert.Equal(0.4, Values(result.Advantages)[0], 12);
    }

    [Fact]
    public void A_custom_reward_delegate_sees_the_padded_layout()
    {
        long[] seenShape = [];
        var options = new SegaOptions
        {
            RewardTransform = RewardTransform.Custom,
            CustomRewardTransform = (ratings, mask) =>
            {
                seenShape = ratings.shape;
                return where(mask, ratings.square(), zeros_like(ratings));
            },
        };
        using var groups = tensor(new long[] { 1, 0, 1, 1, 0 });
        using var ratings = tensor(new[] { 1.0, 2.0, -2.0, 3.0, 0.0 }, ScalarType.Float64);
        using var a = new SegaObjective(options).ComputeAdvantages(groups, ratings);
        Assert.Equal(new long[] { 2, 3 }, seenShape);
        // Group 1: squares 1, 4, 9 → mean 14/3. Group 0: 4, 0 → mean 2.
        var expected = new[] { 1 - 14.0 / 3, 2.0, 4 - 14.0 / 3, 9 - 14.0 / 3, -2.0 };
        var actual = Values(a);
        for (var i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], actual[i], 12);
    }

    [Fact]
    public void Kl_term_is_the_k3_estimator_aggregated_like_the_policy_term()
    {
        // One group of two members with equal ratings: the policy term vanishes and only β·KL remains.
        using var l = tensor(new[,] { { -1.0, -2.0, -9.0 }, { -0.5, -1.5, -1.0 } }, ScalarType.Float64);
        using var reference = tensor(new[,] { { -1.5, -1.0, 0.0 }, { -0.5, -2.0, -1.0 } }, ScalarType.Float64);
        using var mask = tensor(new[,] { { true, true, false }, { true, true, true } });
        static double K3(double logp, double refp) => Math.Exp(refp - logp) - (refp - logp) - 1;
        var k0 = K3(-1, -1.5) + K3(-2, -1);
        var k1 = K3(-0.5, -0.5) + K3(-1.5, -2) + K3(-1, -1);
        using var result = new SegaObjective(new SegaOptions { KlCoefficient = 0.25 }).Compute(l, [2], [1.0, 1.0], mask, reference);
        Assert.Equal(0.25 * (k0 + k1) / 2, result.Loss.item<double>(), 12);
        Assert.Equal((k0 + k1) / 5, result.Diagnostics.KlMean!.Value, 12);
    }

    [Fact]
    public void Token_clipping_binds_only_where_the_ratio_leaves_the_trust_region_in_the_advantages_direction()
    {
        // A = +½, −½. Ratios: member 0 e^{0.5} (clipped, A > 0), e^{−0.5} (not: A > 0 and ratio low);
        // member 1 e^{−0.5} (clipped, A < 0), e^{0.05} (inside).
        using var l = tensor(new[,] { { -1.0, -2.0 }, { -1.5, -0.95 } }, ScalarType.Float64);
        using var old = tensor(new[,] { { -1.5, -1.5 }, { -1.0, -1.0 } }, ScalarType.Float64);
        using var mask = ones(2, 2, ScalarType.Bool);
        using var result = new SegaObjective(new SegaOptions { ClipEpsilon = 0.2 }).Compute(l, [2], [1.0, 0.0], mask, null, old);
        Assert.Equal(0.5, result.Diagnostics.ClippedFraction!.Value, 12);
        // Surrogates min(ρA, clip(ρ)A): 0.5·1.2, 0.5·e^{−0.5}, min(−0.5·e^{−0.5}, −0.5·0.8) = −0.4, −0.5·e^{0.05}; L = −(Σ)/(G·|g|).
        var expected = -(0.5 * 1.2 + 0.5 * Math.Exp(-0.5) - 0.5 * 0.8 - 0.5 * Math.Exp(0.05)) / 2;
        Assert.Equal(expected, result.Loss.item<double>(), 12);
    }
}
