using Gem.Samples.QuickStart.Cli;

namespace Gem.Samples.QuickStart.Tests.Cli;

public class DemoCommandTests
{
    private static (int ExitCode, DemoSettings? Settings) Run(params string[] args)
    {
        DemoSettings? seen = null;
        var command = DemoCommand.Create(s => { seen = s; return 0; });
        var parse = command.Parse(args);
        var exit = parse.Invoke(new System.CommandLine.InvocationConfiguration { Output = TextWriter.Null, Error = TextWriter.Null });
        return (exit, seen);
    }

    [Fact]
    public void Defaults_are_the_ten_minute_run_into_artifacts_demo()
    {
        var (exit, s) = Run();
        Assert.Equal(0, exit);
        Assert.Equal(DemoMode.Default, s!.Mode);
        Assert.Equal(3, s.Seeds);
        Assert.Equal(60, s.Steps);
        Assert.Equal("artifacts/demo", s.OutputDirectory);
        Assert.Equal(1234, s.DataSeed);
        Assert.Equal("artifacts/cache/quickstart", s.CacheDirectory);
        Assert.Same(Gem.Samples.QuickStart.Problems.TaskDifficulty.Easy, s.Difficulty);
        Assert.Same(Gem.Samples.QuickStart.Problems.TaskDifficulty.Easy, s.Data.Difficulty);
        Assert.Equal(400, s.WarmStartSteps);
    }

    [Fact]
    public void Cache_difficulty_and_warm_start_options_reach_the_settings_and_the_plan()
    {
        var s = Run("--no-cache", "--difficulty", "medium", "--warm-start-steps", "50").Settings!;
        Assert.Null(s.CacheDirectory);
        Assert.Same(Gem.Samples.QuickStart.Problems.TaskDifficulty.Medium, s.Data.Difficulty);
        var plan = DemoPlan.For(s);
        Assert.Null(plan.CacheDirectory);
        Assert.Equal(50, plan.WarmStart.Steps);
        Assert.Equal(["sft", "dpo", "gem"], plan.Methods.Select(m => m.Name));
        Assert.Equal([1, 2, 3], plan.Seeds);
        Assert.Equal("elsewhere", Run("--cache", "elsewhere").Settings!.CacheDirectory);

        // The quick and default runs share their warm start: the same demonstrations and held-out problems.
        var quick = DemoPlan.For(Run("--quick").Settings!);
        var standard = DemoPlan.For(Run().Settings!);
        Assert.Equal((standard.Data.DemonstrationCount, standard.Data.HeldOutCount, standard.WarmStart), (quick.Data.DemonstrationCount, quick.Data.HeldOutCount, quick.WarmStart));
    }

    [Fact]
    public void Quick_and_full_change_the_defaults_and_explicit_values_win()
    {
        var quick = Run("--quick").Settings!;
        Assert.Equal((DemoMode.Quick, 2, 20), (quick.Mode, quick.Seeds, quick.Steps));
        Assert.True(quick.Data.PreferencePairCount < Run().Settings!.Data.PreferencePairCount);

        var full = Run("--full", "--seeds", "7", "--steps", "11", "--output", "out/x", "--data-seed", "5").Settings!;
        Assert.Equal((DemoMode.Full, 7, 11, "out/x", 5, 5), (full.Mode, full.Seeds, full.Steps, full.OutputDirectory, full.DataSeed, full.Data.Seed));
    }

    [Theory]
    [InlineData("--quick", "--full")]
    [InlineData("--seeds", "0")]
    [InlineData("--steps", "-3")]
    [InlineData("--output", "")]
    [InlineData("--no-such-option")]
    [InlineData("--difficulty", "impossible")]
    [InlineData("--warm-start-steps", "0")]
    public void Bad_command_lines_fail_without_running(params string[] args)
    {
        var (exit, s) = Run(args);
        Assert.NotEqual(0, exit);
        Assert.Null(s);
    }

    [Fact]
    public void Help_does_not_run_the_demo()
    {
        var (exit, s) = Run("--help");
        Assert.Equal(0, exit);
        Assert.Null(s);
    }
}
