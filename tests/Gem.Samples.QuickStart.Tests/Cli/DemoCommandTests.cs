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
