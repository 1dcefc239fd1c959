using Gem.Samples.QuickStart.Results;

namespace Gem.Samples.QuickStart.Tests.Results;

public class SpreadTests
{
    [Fact]
    public void Mean_and_sample_standard_deviation_match_known_values()
    {
        var s = Spread.Of([1.0, 2.0, 3.0, 4.0]);
        Assert.Equal(2.5, s.Mean, 12);
        Assert.Equal(Math.Sqrt(5.0 / 3.0), s.StandardDeviation, 12); // Σ(x − 2.5)² = 5, n − 1 = 3
        Assert.Equal((1.0, 4.0), (s.Min, s.Max));
        Assert.Equal(0, Spread.Of([0.7]).StandardDeviation);
        Assert.Throws<ArgumentException>(() => Spread.Of([]));
    }

    [Fact]
    public void Summaries_group_rows_by_method_in_order_of_appearance()
    {
        ResultRow Row(string method, int seed, double accuracy) => new(method, seed, accuracy, 0.5, 1, 0.5, 0.5, 1, 10);
        var summaries = MethodSummary.Of([Row("sft", 1, 0.2), Row("gem", 1, 0.4), Row("sft", 2, 0.4), Row("gem", 2, 0.6)]);
        Assert.Equal(["sft", "gem"], summaries.Select(s => s.Method));
        Assert.Equal(0.3, summaries[0].AnswerAccuracy.Mean, 12);
        Assert.Equal(0.5, summaries[1].AnswerAccuracy.Mean, 12);
        Assert.Equal(2, summaries[1].Seeds);
    }
}
