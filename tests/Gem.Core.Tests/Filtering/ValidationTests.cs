using Gem.Core.Filtering;

namespace Gem.Core.Tests.Filtering;

public sealed class ValidationTests
{
    [Theory]
    [InlineData("score")]
    [InlineData("bradley-terry")]
    [InlineData("trueskill")]
    [InlineData("plackett-luce")]
    public void Bad_input_raises_errors_that_name_the_problem(string name)
    {
        var ranker = RankerProperties.Create(name);
        var nan = Assert.Throws<ArgumentException>(() => ranker.Rank([0.0, double.NaN, 1.0]));
        Assert.Equal("scores", nan.ParamName);
        Assert.Contains("scores[1]", nan.Message);
        Assert.Contains("NaN", nan.Message);

        var inf = Assert.Throws<ArgumentException>(() => ranker.Rank([double.PositiveInfinity]));
        Assert.Contains("scores[0]", inf.Message);

        Assert.Throws<ArgumentException>(() => ranker.Rank([]));

        var range = Assert.Throws<ArgumentException>(() => ranker.Rank([0.0, 1.0], new HumanPreference(0, 2)));
        Assert.Equal("humanPreference", range.ParamName);
        Assert.Contains("[0, 2)", range.Message);
        Assert.Contains("got 2", range.Message);

        var negative = Assert.Throws<ArgumentException>(() => ranker.Rank([0.0, 1.0], new HumanPreference(-1, 0)));
        Assert.Contains("got -1", negative.Message);

        var same = Assert.Throws<ArgumentException>(() => ranker.Rank([0.0, 1.0], new HumanPreference(1, 1)));
        Assert.Contains("differ", same.Message);

        var keys = Assert.Throws<ArgumentException>(() => ranker.Rank([0.0, 1.0, 2.0], null, [0, 1]));
        Assert.Equal("duplicateKeys", keys.ParamName);
        Assert.Contains("Expected 3", keys.Message);

        var identical = Assert.Throws<ArgumentException>(() => ranker.Rank([0.0, 0.0, 2.0], new HumanPreference(0, 1), [5, 5, 6]));
        Assert.Contains("identical", identical.Message);
    }

    [Fact]
    public void Options_are_validated_when_set()
    {
        Assert.Equal("Temperature", Assert.Throws<ArgumentOutOfRangeException>(() => new BradleyTerryOptions { Temperature = 0 }).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BradleyTerryOptions { Temperature = double.NaN });
        Assert.Throws<ArgumentOutOfRangeException>(() => new BradleyTerryOptions { HumanWeight = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new BradleyTerryOptions { Regularisation = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new BradleyTerryOptions { MaxIterations = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new BradleyTerryOptions { Tolerance = double.PositiveInfinity });
        Assert.Throws<ArgumentOutOfRangeException>(() => new PlackettLuceOptions { Regularisation = -0.5 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new PlackettLuceOptions { HumanWeight = double.NaN });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrueSkillOptions { Sigma = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrueSkillOptions { Beta = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrueSkillOptions { Tau = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrueSkillOptions { Mu = double.NaN });
        var message = Assert.Throws<ArgumentOutOfRangeException>(() => new TrueSkillOptions { HumanWeight = -2 }).Message;
        Assert.Contains("got -2", message);
    }

    [Fact]
    public void Duplicate_keys_from_token_ids_point_at_the_first_copy()
    {
        long[][] completions = [[1, 2, 3], [1, 2], [1, 2, 3], [], [1, 2], []];
        Assert.Equal([0, 1, 0, 3, 1, 3], DuplicateCompletions.KeysFromTokenIds(completions));
    }

    [Fact]
    public void Token_ids_merge_duplicates_through_the_extension()
    {
        long[][] completions = [[5, 6], [7], [5, 6]];
        var ranker = new BradleyTerryRanker();
        var ratings = ranker.Rank([1.0, 0.0, 1.0 + 1e-9], new HumanPreference(1, 0), completions);
        Assert.Equal(ratings[0], ratings[2]);
        var merged = ranker.Rank([(1.0 + (1.0 + 1e-9)) / 2, 0.0], new HumanPreference(1, 0));
        Assert.Equal(merged[0], ratings[0], 12);
        Assert.Equal(merged[1], ratings[1], 12);
        Assert.Throws<ArgumentException>(() => ranker.Rank([1.0, 0.0], null, completions));
    }
}
