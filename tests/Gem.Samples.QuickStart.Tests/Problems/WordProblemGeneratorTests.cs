using FsCheck;
using FsCheck.Xunit;
using Gem.Samples.QuickStart.Problems;

namespace Gem.Samples.QuickStart.Tests.Problems;

public class WordProblemGeneratorTests
{
    public static TheoryData<string> Difficulties => new() { "easy", "medium", "hard" };

    [Property(MaxTest = 30)]
    public bool The_same_seed_gives_the_same_problems(int seed)
    {
        var first = new WordProblemGenerator(seed, TaskDifficulty.Hard).NextDistinct(25);
        var second = new WordProblemGenerator(seed, TaskDifficulty.Hard).NextDistinct(25);
        return first.Select(p => (p.Text, p.Answer)).SequenceEqual(second.Select(p => (p.Text, p.Answer)));
    }

    [Fact]
    public void Different_seeds_give_different_problems()
    {
        var texts = Enumerable.Range(0, 5).Select(seed => string.Join("|", new WordProblemGenerator(seed).NextDistinct(10).Select(p => p.Text)));
        Assert.Equal(5, texts.Distinct().Count());
    }

    [Fact]
    public void A_known_seed_gives_a_known_first_problem()
    {
        // Pins the sequence: System.Random(seed) is deterministic across runs and platforms, and so must the task be.
        var problem = new WordProblemGenerator(7, TaskDifficulty.Medium).Next();
        Assert.Equal("Zoe has 2 coins. Leo has 20 more coins than Zoe. How many coins do they have together?", problem.Text);
        Assert.Equal(24, problem.Answer);
        Assert.Equal(" Leo has 2 + 20 = 22 coins. Together they have 2 + 22 = 24 coins. The answer is 24.", Gem.Samples.QuickStart.Data.PromptFormat.Completion(ChainWriter.Correct(problem)));
    }

    [Property(MaxTest = 40)]
    public void Every_correct_chain_is_arithmetically_right_and_grounded(int seed)
    {
        foreach (var difficulty in new[] { TaskDifficulty.Easy, TaskDifficulty.Medium, TaskDifficulty.Hard })
        {
            foreach (var problem in new WordProblemGenerator(seed, difficulty).NextDistinct(15))
            {
                var stated = ChainReader.NumbersIn(problem.Text);
                Assert.Equal(problem.Quantities.Select(q => (long)q), stated);

                var chain = ChainWriter.Correct(problem);
                var read = ChainReader.Read(chain.Text);
                Assert.Equal(problem.Steps.Count, read.Equations.Count);
                Assert.All(read.Equations, e => Assert.True(e.IsRight, $"{e} in '{chain.Text}'"));
                Assert.Null(ChainReader.FirstUngrounded(read, stated));
                Assert.Equal(read.Equations[^1].Result, read.Final);
                Assert.Equal(problem.Answer, read.Final);
                Assert.InRange(problem.Steps.Count, difficulty.MinSteps, difficulty.MaxSteps);
                Assert.All(read.Equations, e => Assert.InRange(e.Result, 2, difficulty.MaxValue));
                Assert.All(problem.Quantities, q => Assert.InRange(q, 2, Math.Max(difficulty.MaxFactor, difficulty.MaxAddend)));
            }
        }
    }

    [Fact]
    public void The_hard_difficulty_uses_every_template_and_the_easy_one_only_two_step_templates()
    {
        var hard = new WordProblemGenerator(3, TaskDifficulty.Hard).NextDistinct(1000).Select(p => p.TemplateName).ToHashSet();
        Assert.Equal(ProblemTemplates.All.Select(t => t.Name).ToHashSet(), hard);
        Assert.Contains(ProblemTemplates.All, t => t.StepCount == 4);

        var easy = new WordProblemGenerator(3, TaskDifficulty.Easy).NextDistinct(300);
        Assert.All(easy, p => Assert.Equal(2, p.Steps.Count));
    }

    [Fact]
    public void Every_operation_occurs()
    {
        var operations = new WordProblemGenerator(11, TaskDifficulty.Medium).NextDistinct(300).SelectMany(p => p.Steps).Select(s => s.Operation).ToHashSet();
        Assert.Equal(Enum.GetValues<Operation>().ToHashSet(), operations);
    }

    [Fact]
    public void Distinct_draws_respect_the_exclusion_set()
    {
        var excluded = new WordProblemGenerator(5).NextDistinct(200).Select(p => p.Text).ToHashSet();
        var drawn = new WordProblemGenerator(5).NextDistinct(200, excluded);
        Assert.DoesNotContain(drawn, p => excluded.Contains(p.Text));
        Assert.Equal(200, drawn.Select(p => p.Text).Distinct().Count());
    }

    [Theory]
    [InlineData(1, 2, 9, 20, 100, "minSteps")]
    [InlineData(3, 2, 9, 20, 100, "maxSteps")]
    [InlineData(2, 5, 9, 20, 100, "maxSteps")]
    [InlineData(2, 3, 2, 20, 100, "maxFactor")]
    [InlineData(2, 3, 9, 4, 100, "maxAddend")]
    [InlineData(2, 3, 9, 20, 10, "maxValue")]
    public void A_bad_difficulty_is_refused_naming_the_argument(int minSteps, int maxSteps, int maxFactor, int maxAddend, int maxValue, string name)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TaskDifficulty(minSteps, maxSteps, maxFactor, maxAddend, maxValue));
        Assert.Equal(name, error.ParamName);
    }

    [Fact]
    public void Presets_are_found_by_name()
    {
        Assert.Same(TaskDifficulty.Hard, TaskDifficulty.FromName("Hard"));
        Assert.Throws<ArgumentOutOfRangeException>(() => TaskDifficulty.FromName("impossible"));
    }
}
