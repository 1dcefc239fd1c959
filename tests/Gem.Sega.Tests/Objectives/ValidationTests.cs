using Gem.Sega.Objectives;
using Gem.Sega.Rewards;

namespace Gem.Sega.Tests.Objectives;

/// <summary>Bad options and bad inputs raise exceptions that name the argument and say what was expected.</summary>
public sealed class ValidationTests
{
    [Fact]
    public void Option_values_are_checked_when_set()
    {
        Assert.Equal("ClipEpsilon", Assert.Throws<ArgumentOutOfRangeException>(() => new SegaOptions { ClipEpsilon = 1.5 }).ParamName);
        Assert.Equal("KlCoefficient", Assert.Throws<ArgumentOutOfRangeException>(() => new SegaOptions { KlCoefficient = -0.1 }).ParamName);
        Assert.Equal("SoftmaxTemperature", Assert.Throws<ArgumentOutOfRangeException>(() => new SegaOptions { SoftmaxTemperature = 0 }).ParamName);
        Assert.Equal("StandardDeviationEpsilon", Assert.Throws<ArgumentOutOfRangeException>(() => new SegaOptions { StandardDeviationEpsilon = double.NaN }).ParamName);
        Assert.Equal("Baseline", Assert.Throws<ArgumentOutOfRangeException>(() => new SegaOptions { Baseline = (Baselines.Baseline)42 }).ParamName);
        Assert.Equal("Beta", Assert.Throws<ArgumentOutOfRangeException>(() => new DpoOptions { Beta = 0 }).ParamName);
        Assert.Equal("LabelSmoothing", Assert.Throws<ArgumentOutOfRangeException>(() => new DpoOptions { LabelSmoothing = 0.5 }).ParamName);
        Assert.Equal("Reduction", Assert.Throws<ArgumentOutOfRangeException>(() => new SftOptions { Reduction = (SftReduction)9 }).ParamName);
    }

    [Fact]
    public void Inconsistent_option_combinations_are_rejected_when_the_objective_is_built()
    {
        var custom = Assert.Throws<ArgumentException>(() => new SegaObjective(new SegaOptions { RewardTransform = RewardTransform.Custom }));
        Assert.Contains("CustomRewardTransform", custom.Message);
        Assert.Equal("options", custom.ParamName);
        var delegateWithoutCustom = Assert.Throws<ArgumentException>(() => new SegaObjective(new SegaOptions { CustomRewardTransform = (r, _) => r }));
        Assert.Contains("RewardTransform = Custom", delegateWithoutCustom.Message);
        var clip = Assert.Throws<ArgumentException>(() => new SegaObjective(new SegaOptions
        {
            ClipEpsilon = 0.2, ClipRatioLevel = ClipRatioLevel.Sequence, Aggregation = SegaAggregation.TokenMeanOverGroup,
        }));
        Assert.Contains("TokenMeanOverGroup", clip.Message);
        var ipo = Assert.Throws<ArgumentException>(() => new DpoObjective(new DpoOptions { Loss = DpoLoss.Ipo, LabelSmoothing = 0.1 }));
        Assert.Contains("LabelSmoothing", ipo.Message);
    }

    [Fact]
    public void A_group_of_one_is_rejected_naming_the_group()
    {
        using var l = zeros(3, ScalarType.Float64);
        using var groups = tensor(new long[] { 0, 0, 1 });
        using var ratings = tensor(new[] { 1.0, 2.0, 3.0 }, ScalarType.Float64);
        var error = Assert.Throws<ArgumentException>(() => new SegaObjective().Compute(l, groups, ratings));
        Assert.Equal("groupIndex", error.ParamName);
        Assert.Contains("group 1 has 1 member", error.Message);
        var sizes = Assert.Throws<ArgumentException>(() => new SegaObjective().Compute(l, [2, 1], [1.0, 2.0, 3.0]));
        Assert.Equal("groupSizes", sizes.ParamName);
        var gap = Assert.Throws<ArgumentException>(() => new SegaObjective().Compute(l, tensor(new long[] { 0, 0, 2 }), ratings));
        Assert.Equal("groupIndex", gap.ParamName);
    }

    [Fact]
    public void Group_sizes_must_add_up_to_the_members()
    {
        using var l = zeros(4, ScalarType.Float64);
        var error = Assert.Throws<ArgumentException>(() => new SegaObjective().Compute(l, [2, 3], [1.0, 2.0, 3.0, 4.0]));
        Assert.Equal("groupSizes", error.ParamName);
        Assert.Contains("4", error.Message);
    }

    [Fact]
    public void NaN_ratings_are_an_error_naming_the_member()
    {
        using var l = zeros(4, ScalarType.Float64);
        using var groups = tensor(new long[] { 0, 0, 1, 1 });
        using var ratings = tensor(new[] { 1.0, 2.0, double.NaN, 3.0 }, ScalarType.Float64);
        var error = Assert.Throws<ArgumentException>(() => new SegaObjective().Compute(l, groups, ratings));
        Assert.Equal("ratings", error.ParamName);
        Assert.Contains("member(s) 2", error.Message);
    }

    [Fact]
    public void NaN_log_probabilities_at_completion_tokens_are_an_error()
    {
        using var l = zeros(2, 3, ScalarType.Float64);
        l[1, 1] = tensor(double.NaN);
        using var mask = ones(2, 3, ScalarType.Bool);
        var error = Assert.Throws<ArgumentException>(() => new SegaObjective().Compute(l, [2], [0.0, 1.0], mask));
        Assert.Equal("logProbabilities", error.ParamName);
        using var chosen = tensor(new[] { double.NegativeInfinity });
        using var rejected = tensor(new[] { -1.0 });
        Assert.Equal("chosenLogProbabilities", Assert.Throws<ArgumentException>(() => new DpoObjective().Compute(chosen, rejected)).ParamName);
    }

    [Fact]
    public void Wrong_shapes_are_rejected_naming_the_argument_and_the_expected_shape()
    {
        var sega = new SegaObjective();
        using var perToken = zeros(4, 3);
        using var groups = tensor(new long[] { 0, 0, 1, 1 });
        using var ratings = tensor(new[] { 1.0, 2.0, 3.0, 4.0 }, ScalarType.Float64);
        var noMask = Assert.Throws<ArgumentNullException>(() => sega.Compute(perToken, groups, ratings));
        Assert.Equal("completionMask", noMask.ParamName);
        var badMask = Assert.Throws<ArgumentException>(() => sega.Compute(perToken, groups, ratings, ones(4, 2)));
        Assert.Equal("completionMask", badMask.ParamName);
        Assert.Contains("[4, 3]", badMask.Message);
        var badRatings = Assert.Throws<ArgumentException>(() => sega.Compute(perToken, groups, tensor(new[] { 1.0, 2.0 }), ones(4, 3)));
        Assert.Equal("ratings", badRatings.ParamName);
        Assert.Contains("[4]", badRatings.Message);
        var badGroups = Assert.Throws<ArgumentException>(() => sega.Compute(perToken, tensor(new long[] { 0, 0, 1 }), ratings, ones(4, 3)));
        Assert.Equal("groupIndex", badGroups.ParamName);
        var cube = Assert.Throws<ArgumentException>(() => sega.Compute(zeros(4, 3, 2), groups, ratings));
        Assert.Equal("logProbabilities", cube.ParamName);
        var floatGroups = Assert.Throws<ArgumentException>(() => sega.Compute(zeros(4), tensor(new[] { 0f, 0f, 1f, 1f }), ratings));
        Assert.Equal("groupIndex", floatGroups.ParamName);

        var kl = new SegaObjective(new SegaOptions { KlCoefficient = 0.1 });
        Assert.Equal("referenceLogProbabilities", Assert.Throws<ArgumentNullException>(() => kl.Compute(perToken, groups, ratings, ones(4, 3))).ParamName);
        Assert.Equal("referenceLogProbabilities", Assert.Throws<ArgumentException>(() => kl.Compute(perToken, groups, ratings, ones(4, 3), zeros(4, 2))).ParamName);
        var clip = new SegaObjective(new SegaOptions { ClipEpsilon = 0.2 });
        Assert.Equal("oldLogProbabilities", Assert.Throws<ArgumentNullException>(() => clip.Compute(perToken, groups, ratings, ones(4, 3))).ParamName);
        Assert.Equal("oldLogProbabilities", Assert.Throws<ArgumentException>(() => sega.Compute(perToken, groups, ratings, ones(4, 3), null, zeros(4, 3))).ParamName);
        var tokenMean = new SegaObjective(new SegaOptions { Aggregation = SegaAggregation.TokenMeanOverGroup });
        Assert.Equal("logProbabilities", Assert.Throws<ArgumentException>(() => tokenMean.Compute(zeros(4), groups, ratings)).ParamName);

        var dpo = new DpoObjective();
        Assert.Equal("rejectedLogProbabilities", Assert.Throws<ArgumentException>(() => dpo.Compute(zeros(3), zeros(2))).ParamName);
        Assert.Equal("referenceRejectedLogProbabilities", Assert.Throws<ArgumentException>(() => dpo.Compute(zeros(3), zeros(3), zeros(3))).ParamName);
        var sft = new SftObjective();
        Assert.Equal("completionMask", Assert.Throws<ArgumentException>(() => sft.ComputeFromLogProbabilities(zeros(2, 3), ones(2, 4))).ParamName);
        Assert.Equal("completionMask", Assert.Throws<ArgumentException>(() => sft.Compute(zeros(2, 3, 5), zeros(2, 3, ScalarType.Int64), ones(3, 3))).ParamName);
    }
}
