using FsCheck;
using FsCheck.Xunit;
using Gem.Samples.QuickStart.Problems;

namespace Gem.Samples.QuickStart.Tests.Problems;

public class FlawedChainGeneratorTests
{
    /// <summary>Classifies a flawed chain from its text alone, against the correct chain and the problem's numbers.</summary>
    private static (FlawKind? Kind, int? Equation) Classify(WordProblem problem, ChainOfThought flawed)
    {
        var stated = ChainReader.NumbersIn(problem.Text);
        var correct = ChainReader.Read(ChainWriter.Correct(problem).Text);
        var read = ChainReader.Read(flawed.Text);
        var wrong = Enumerable.Range(0, read.Equations.Count).Where(i => !read.Equations[i].IsRight).ToList();
        var ungrounded = ChainReader.FirstUngrounded(read, stated);

        if (read.Equations.Count == correct.Equations.Count - 1 && wrong.Count == 0 && ungrounded is null)
        {
            return (FlawKind.SkippedStep, null);
        }

        if (read.Equations.Count != correct.Equations.Count)
        {
            return (null, null);
        }

        if (wrong.Count == 1 && ungrounded is null && read.Final == read.Equations[^1].Result)
        {
            return (FlawKind.ArithmeticSlip, wrong[0]);
        }

        if (wrong.Count > 0)
        {
            return (null, null);
        }

        if (read.Equations.SequenceEqual(correct.Equations) && read.Final != read.Equations[^1].Result && Math.Abs(read.Final!.Value - read.Equations[^1].Result) == 1)
        {
            return (FlawKind.OffByOneFinal, null);
        }

        var operationsChanged = Enumerable.Range(0, read.Equations.Count).Where(i => read.Equations[i].Op != correct.Equations[i].Op).ToList();
        if (ungrounded is { } u && operationsChanged.Count == 0)
        {
            return (FlawKind.CopiedWrongNumber, u);
        }

        if (ungrounded is null && operationsChanged.Count == 1)
        {
            return (FlawKind.WrongOperation, operationsChanged[0]);
        }

        return (null, null);
    }

    [Property(MaxTest = 40)]
    public void Every_flaw_kind_is_what_it_says_and_changes_the_final_answer(int seed)
    {
        var random = new Random(seed);
        foreach (var problem in new WordProblemGenerator(seed, TaskDifficulty.Hard).NextDistinct(12))
        {
            foreach (var kind in FlawedChainGenerator.AllKinds)
            {
                if (FlawedChainGenerator.TryGenerate(problem, kind, random) is not { } flawed)
                {
                    continue;
                }

                Assert.Equal(kind, flawed.Kind);
                Assert.NotEqual(problem.Answer, flawed.Chain.FinalAnswer);
                var read = ChainReader.Read(flawed.Chain.Text);
                Assert.Equal(flawed.Chain.FinalAnswer, read.Final);
                var (detected, equation) = Classify(problem, flawed.Chain);
                Assert.True(kind == detected, $"{kind} detected as {detected?.ToString() ?? "nothing"}: '{ChainWriter.Correct(problem).Text}' vs '{flawed.Chain.Text}'");
                if (equation is not null)
                {
                    Assert.Equal(flawed.StepIndex, equation);
                }
            }
        }
    }

    [Fact]
    public void Every_kind_can_be_made_for_most_problems()
    {
        var problems = new WordProblemGenerator(21, TaskDifficulty.Medium).NextDistinct(300);
        var random = new Random(21);
        foreach (var kind in FlawedChainGenerator.AllKinds)
        {
            var made = problems.Count(p => FlawedChainGenerator.TryGenerate(p, kind, random) is not null);
            Assert.True(made >= problems.Count / 2, $"{kind}: made for {made} of {problems.Count} problems");
        }
    }

    [Fact]
    public void Drawn_kinds_are_spread_over_all_kinds()
    {
        var random = new Random(8);
        var kinds = new WordProblemGenerator(8, TaskDifficulty.Medium).NextDistinct(1000)
            .Select(p => FlawedChainGenerator.Generate(p, random).Kind)
            .GroupBy(k => k)
            .ToDictionary(g => g.Key, g => g.Count());
        // Uniform would be 200 each; a kind that often cannot be made would fall well below, its fallbacks above.
        Assert.All(FlawedChainGenerator.AllKinds, k => Assert.InRange(kinds.GetValueOrDefault(k), 160, 240));
    }

    [Fact]
    public void A_restricted_kind_list_is_respected()
    {
        var random = new Random(4);
        var problems = new WordProblemGenerator(4).NextDistinct(100);
        Assert.All(problems, p => Assert.Equal(FlawKind.WrongOperation, FlawedChainGenerator.Generate(p, random, [FlawKind.WrongOperation]).Kind));
        Assert.Throws<ArgumentException>(() => FlawedChainGenerator.Generate(problems[0], random, []));
    }

    [Fact]
    public void A_slip_carries_the_wrong_value_into_later_steps()
    {
        var random = new Random(2);
        var slips = new WordProblemGenerator(2, TaskDifficulty.Hard).NextDistinct(200)
            .Select(p => FlawedChainGenerator.TryGenerate(p, FlawKind.ArithmeticSlip, random))
            .OfType<FlawedChain>()
            .Where(f => f.StepIndex < f.Chain.Equations.Count - 1)
            .ToList();
        Assert.NotEmpty(slips);
        foreach (var slip in slips)
        {
            var wrongValue = slip.Chain.Equations[slip.StepIndex!.Value].Result;
            Assert.Contains(slip.Chain.Equations.Skip(slip.StepIndex.Value + 1), e => e.Left == wrongValue || e.Right == wrongValue);
        }
    }
}
