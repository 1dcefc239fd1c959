using Gem.Entropy.Statistics;

namespace Gem.Entropy.Tests.Statistics;

public sealed class TokenStatisticsSmokeTests
{
    [Fact]
    public void Uniform_logits_have_entropy_log_V()
    {
        using var logits = zeros(3, 7);
        using var entropy = TokenStatistics.Entropy(logits);
        foreach (var h in entropy.data<float>().ToArray())
            Assert.Equal(Math.Log(7), h, 1e-5);
    }

    [Fact]
    public void Masked_vocabulary_entries_count_as_zero_probability()
    {
        using var logits = tensor(new float[] { 0, 0, float.NegativeInfinity, float.NegativeInfinity }, [1, 4]);
        using var entropy = TokenStatistics.Entropy(logits);
        Assert.Equal(Math.Log(2), entropy.data<float>()[0], 1e-5);
    }

    [Fact]
    public void Compute_leaves_no_tensor_alive_but_its_results()
    {
        using var logits = randn(4, 6, 33);
        using var targets = randint(0, 33, [4, 6]);
        Gem.Testing.TensorLeakCheck.AssertNoLeak(() =>
        {
            var r = TokenStatistics.Compute(logits, targets, TokenStatistic.All, new TokenStatisticsOptions { ChunkRows = 5 });
            return [r];
        });
    }

    [Fact]
    public void NaN_logits_raise_an_exception_naming_the_position()
    {
        using var logits = zeros(2, 3, 5);
        logits[1, 2, 4] = tensor(float.NaN);
        var error = Assert.Throws<ArgumentException>(() => TokenStatistics.Entropy(logits));
        Assert.Contains("[1, 2]", error.Message);
        Assert.Equal("logits", error.ParamName);
    }
}
