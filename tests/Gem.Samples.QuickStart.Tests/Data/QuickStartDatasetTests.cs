using Gem.Samples.QuickStart.Data;
using Gem.Core.Evaluation;
using Gem.Samples.QuickStart.Problems;

namespace Gem.Samples.QuickStart.Tests.Data;

public class QuickStartDatasetTests
{
    private static readonly QuickStartDataOptions Small = new() { Seed = 99, DemonstrationCount = 400, FlawedDemonstrationFraction = 0.25, PreferencePairCount = 120, HeldOutCount = 80 };

    [Fact]
    public void The_same_options_give_the_same_dataset()
    {
        var a = QuickStartDataset.Create(Small);
        var b = QuickStartDataset.Create(Small);
        Assert.Equal(a.TrainingPairs.Select(p => p.Example), b.TrainingPairs.Select(p => p.Example));
        Assert.Equal(a.HeldOutPairs.Select(p => p.Example), b.HeldOutPairs.Select(p => p.Example));
        Assert.Equal(a.Demonstrations.Select(d => (d.Prompt, d.Completion)), b.Demonstrations.Select(d => (d.Prompt, d.Completion)));

        var other = QuickStartDataset.Create(new QuickStartDataOptions { Seed = 100, DemonstrationCount = 400, PreferencePairCount = 120, HeldOutCount = 80 });
        Assert.NotEqual(a.TrainingPairs.Select(p => p.Example.Prompt), other.TrainingPairs.Select(p => p.Example.Prompt));
    }

    [Fact]
    public void Sizes_and_the_flawed_fraction_are_as_asked()
    {
        var data = QuickStartDataset.Create(Small);
        Assert.Equal(400, data.Demonstrations.Count);
        Assert.Equal(120, data.TrainingPairs.Count);
        Assert.Equal(80, data.HeldOutPairs.Count);
        Assert.Equal(100, data.Demonstrations.Count(d => !d.IsCorrect));
    }

    [Fact]
    public void Held_out_problems_never_occur_in_training_data()
    {
        var data = QuickStartDataset.Create(Small);
        var heldOut = data.HeldOutPairs.Select(p => p.Example.Prompt).ToHashSet();
        Assert.Equal(data.HeldOutPairs.Count, heldOut.Count);
        Assert.DoesNotContain(data.TrainingPairs, p => heldOut.Contains(p.Example.Prompt));
        Assert.DoesNotContain(data.Demonstrations, d => heldOut.Contains(d.Prompt));
        Assert.Equal(data.TrainingPairs.Count, data.TrainingPairs.Select(p => p.Example.Prompt).Distinct().Count());
    }

    [Fact]
    public void Chosen_is_correct_rejected_is_wrong_and_gold_is_the_answer()
    {
        var data = QuickStartDataset.Create(Small);
        foreach (var pair in data.TrainingPairs.Concat(data.HeldOutPairs))
        {
            var e = pair.Example;
            Assert.Equal(PromptFormat.Prompt(pair.Problem), e.Prompt);
            Assert.EndsWith("\nAnswer:", e.Prompt);
            Assert.StartsWith(" ", e.Chosen!);
            Assert.Equal(pair.Problem.Answer.ToString(System.Globalization.CultureInfo.InvariantCulture), e.GoldAnswer);
            Assert.True(AnswerExtractor.IsCorrect(e.Chosen!, e.GoldAnswer!), e.Chosen);
            Assert.False(AnswerExtractor.IsCorrect(e.Rejected!, e.GoldAnswer!), e.Rejected);
            Assert.NotEqual(e.Chosen, e.Rejected);
        }

        foreach (var demo in data.Demonstrations)
        {
            Assert.Equal(demo.IsCorrect, AnswerExtractor.IsCorrect(demo.Completion, demo.Problem.Answer.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    [Fact]
    public void A_flawed_fraction_of_zero_or_one_gives_all_correct_or_all_flawed()
    {
        var problems = new WordProblemGenerator(1).NextDistinct(50);
        Assert.All(DemonstrationSetBuilder.Build(problems, 0, new Random(1)), d => Assert.True(d.IsCorrect));
        Assert.All(DemonstrationSetBuilder.Build(problems, 1, new Random(1)), d => Assert.False(d.IsCorrect));
        Assert.Throws<ArgumentOutOfRangeException>(() => DemonstrationSetBuilder.Build(problems, 1.5, new Random(1)));
    }

    [Fact]
    public void Bad_options_are_refused_when_built()
    {
        Assert.Equal("FlawedDemonstrationFraction", Assert.Throws<ArgumentOutOfRangeException>(() => new QuickStartDataOptions { FlawedDemonstrationFraction = -0.1 }).ParamName);
        Assert.Equal("PreferencePairCount", Assert.Throws<ArgumentOutOfRangeException>(() => new QuickStartDataOptions { PreferencePairCount = 0 }).ParamName);
        Assert.Equal("HeldOutCount", Assert.Throws<ArgumentOutOfRangeException>(() => new QuickStartDataOptions { HeldOutCount = 0 }).ParamName);
        Assert.Equal("DemonstrationCount", Assert.Throws<ArgumentOutOfRangeException>(() => new QuickStartDataOptions { DemonstrationCount = -1 }).ParamName);
        Assert.Throws<ArgumentNullException>(() => new QuickStartDataOptions { Difficulty = null! });
    }
}
