using Gem.Samples.Common;
using Gem.Samples.CustomScorer;
using Gem.Samples.CustomScorer.Cli;
using Gem.Testing;
using Stories = Gem.Samples.Tests.Stories260K;

namespace Gem.Samples.Tests.CustomScorer;

public sealed class CustomScorerSampleTests
{
    private static readonly CustomScorerSettings Small = new()
    {
        Prompts = ["Once upon a time", "The cat was hungry"], Steps = 2, CandidatesPerPrompt = 3, MaxNewTokens = 16, BatchSize = 2, ProbeCandidates = 2,
        CompareCandidates = 3,
    };

    [Fact]
    public void The_training_loop_runs_with_the_custom_scorer_and_its_rewards_are_the_custom_scores()
    {
        using var threads = new OneTorchThread();
        (CustomScorerReport Report, string Output) Train(double gamma)
        {
            using var model = Stories.LoadModel();
            using var output = new StringWriter();
            var report = CustomScorerDemo.Train(model, Stories.LoadTokenizer(), Small with { SpreadWeight = gamma }, output);
            return (report, output.ToString());
        }

        var (custom, text) = Train(1.0);
        var (plain, _) = Train(0.0);

        Assert.Equal(2, custom.History.Count);
        foreach (var m in custom.History)
        {
            Assert.True(double.IsFinite(m.Loss) && double.IsFinite(m.GradientNorm) && m.GradientNorm > 0, $"step {m.Step}: loss {m.Loss}, grad norm {m.GradientNorm}");
            Assert.True(m.AdvantageAbsMean > 0, $"step {m.Step} carried no signal");
        }

        // Same model, same seed: step 1 samples the same candidates, so the GEM parts agree, and the rewards (identity of
        // the scores, the score ranker's ρ = S) are lower by γ·σ_answer > 0 only if the trainer used the custom scorer.
        var first = custom.History[0];
        var baseline = plain.History[0];
        Assert.Equal(baseline.MeanFinalEntropy, first.MeanFinalEntropy, 6);
        Assert.Equal(baseline.MeanForkTerm, first.MeanForkTerm, 6);
        Assert.True(first.RewardMean < baseline.RewardMean - 1e-3, $"reward mean {first.RewardMean} with γ = 1 vs {baseline.RewardMean} with γ = 0");
        Assert.True(custom.Before.MeanSpread > 0);
        Assert.Equal(custom.Before.MeanGemScore - custom.Before.MeanSpread, custom.Before.MeanCustomScore, 4);
        Assert.Contains(MetricsTable.Header, text.Split('\n'));
    }

    [Fact]
    public void The_command_compares_the_scorers_and_trains()
    {
        using var threads = new OneTorchThread();
        using var output = new StringWriter();
        var exit = CustomScorerCommand.Create(output)
            .Parse(["--steps", "1", "-k", "2", "--max-new-tokens", "12", "--data-dir", TestData.Directory, "--threads", OneTorchThread.Option]).Invoke();
        Assert.Equal(0, exit);
        var text = output.ToString();
        Assert.Contains("rank(S')", text);
        Assert.Contains("probe after:", text);
        Assert.Contains(text.Split('\n'), l => l.StartsWith("   1 ", StringComparison.Ordinal));
    }
}
