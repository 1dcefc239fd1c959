using Gem.Entropy.Statistics;

namespace Gem.Entropy.Tests.Statistics;

/// <summary>Bad logits, targets and options get exceptions that name the argument, the expected and the actual value.</summary>
public sealed class TokenStatisticsInputTests
{
    [Fact]
    public void Positive_infinity_is_reported_with_its_position_and_vocabulary_index()
    {
        using var logits = zeros(2, 3, 5);
        logits[0, 1, 3] = tensor(float.PositiveInfinity);
        var error = Assert.Throws<ArgumentException>(() => TokenStatistics.Entropy(logits));
        Assert.Equal("logits", error.ParamName);
        Assert.Contains("+inf at position [0, 1], vocabulary index 3", error.Message);
    }

    [Fact]
    public void The_first_bad_row_in_memory_order_is_the_one_reported_whatever_the_statistic()
    {
        using var logits = zeros(2, 3, 5, ScalarType.BFloat16);
        logits[1, 0, 1] = tensor(float.NaN);
        logits[0, 2, 4] = tensor(float.PositiveInfinity);
        using var targets = zeros([2, 3], ScalarType.Int64);
        foreach (var statistic in new[] { TokenStatistic.Entropy, TokenStatistic.TargetLogProbability, TokenStatistic.LogSumExp, TokenStatistic.SelfCertainty })
        {
            var error = Assert.Throws<ArgumentException>(() => TokenStatistics.Compute(logits, targets, statistic).Dispose());
            Assert.Contains("+inf at position [0, 2], vocabulary index 4", error.Message);
        }
    }

    [Fact]
    public void A_row_with_no_possible_token_is_an_error_but_a_partly_masked_row_is_not()
    {
        using var logits = full([2, 4], double.NegativeInfinity);
        logits[0, 2] = tensor(1.5f);
        var error = Assert.Throws<ArgumentException>(() => TokenStatistics.Entropy(logits));
        Assert.Contains("only -inf (no token is possible) at position [1]", error.Message);
        using var first = logits.narrow(0, 0, 1);
        using var entropy = TokenStatistics.Entropy(first);
        Assert.Equal(0f, entropy.data<float>()[0]);
    }

    [Fact]
    public void Logits_of_the_wrong_rank_or_dtype_are_named()
    {
        using var scalar = tensor(1.0f);
        Assert.Contains("scalar", Assert.Throws<ArgumentException>(() => TokenStatistics.Entropy(scalar)).Message);
        using var integers = zeros([2, 3], ScalarType.Int64);
        var dtype = Assert.Throws<ArgumentException>(() => TokenStatistics.Entropy(integers));
        Assert.Equal("logits", dtype.ParamName);
        Assert.Contains("got Int64", dtype.Message);
        using var doubles = zeros([2, 3], ScalarType.Float64);
        Assert.Equal("logits", Assert.Throws<ArgumentException>(() => TokenStatistics.Entropy(doubles)).ParamName);
        using var noVocabulary = zeros([2, 0]);
        Assert.Equal("logits", Assert.Throws<ArgumentException>(() => TokenStatistics.Entropy(noVocabulary)).ParamName);
    }

    [Fact]
    public void Targets_of_the_wrong_shape_dtype_or_range_are_named_with_expected_and_actual()
    {
        using var logits = zeros(2, 3, 5);
        var missing = Assert.Throws<ArgumentNullException>(() => TokenStatistics.Compute(logits, null, TokenStatistic.TargetLogProbability));
        Assert.Equal("targets", missing.ParamName);

        using var floats = zeros([2, 3]);
        var dtype = Assert.Throws<ArgumentException>(() => TokenStatistics.SelectedLogProbabilities(logits, floats));
        Assert.Equal("targets", dtype.ParamName);
        Assert.Contains("int64 or int32; got Float32", dtype.Message);

        using var wrongShape = zeros([3, 2], ScalarType.Int64);
        var shape = Assert.Throws<ArgumentException>(() => TokenStatistics.SelectedLogProbabilities(logits, wrongShape));
        Assert.Equal("targets", shape.ParamName);
        Assert.Contains("[2, 3]; got [3, 2]", shape.Message);

        using var tooLarge = full([2, 3], 5L, ScalarType.Int64);
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => TokenStatistics.SelectedLogProbabilities(logits, tooLarge));
        Assert.Equal("targets", range.ParamName);
        Assert.Contains("[0, 5); got values from 5 to 5", range.Message);
        using var negative = full([2, 3], -1, ScalarType.Int32);
        Assert.Equal("targets", Assert.Throws<ArgumentOutOfRangeException>(() => TokenStatistics.SelectedLogProbabilities(logits, negative)).ParamName);

        // int32 targets are accepted and give what int64 targets give.
        using var int32 = tensor(new[] { 0, 1, 2, 3, 4, 0 }, [2, 3]);
        using var int64 = int32.to(ScalarType.Int64);
        using var a = TokenStatistics.SelectedLogProbabilities(logits, int32);
        using var b = TokenStatistics.SelectedLogProbabilities(logits, int64);
        Assert.Equal(b.data<float>().ToArray(), a.data<float>().ToArray());
    }

    [Fact]
    public void Statistics_and_options_are_validated()
    {
        using var logits = zeros(2, 5);
        Assert.Equal("statistics", Assert.Throws<ArgumentOutOfRangeException>(() => TokenStatistics.Compute(logits, null, TokenStatistic.None)).ParamName);
        Assert.Equal("statistics", Assert.Throws<ArgumentOutOfRangeException>(() => TokenStatistics.Compute(logits, null, (TokenStatistic)64)).ParamName);
        Assert.Equal("ChunkRows", Assert.Throws<ArgumentOutOfRangeException>(() => new TokenStatisticsOptions { ChunkRows = 0 }).ParamName);
        Assert.Equal("ChunkElementBudget", Assert.Throws<ArgumentOutOfRangeException>(() => new TokenStatisticsOptions { ChunkElementBudget = 0 }).ParamName);
        Assert.Equal("Temperature", Assert.Throws<ArgumentOutOfRangeException>(() => new TokenStatisticsOptions { Temperature = 0 }).ParamName);
        Assert.Equal("Temperature", Assert.Throws<ArgumentOutOfRangeException>(() => new TokenStatisticsOptions { Temperature = double.PositiveInfinity }).ParamName);
    }

    [Fact]
    public void Empty_leading_dimensions_give_empty_results()
    {
        using var logits = zeros(0, 3, 7);
        using var targets = zeros([0, 3], ScalarType.Int64);
        using var result = TokenStatistics.Compute(logits, targets, TokenStatistic.All);
        Assert.Equal(new long[] { 0, 3 }, result.Entropy!.shape);
        Assert.Equal(new long[] { 0, 3 }, result.TargetLogProbabilities!.shape);
    }
}
