using Gem.Core.Generation;
using Gem.Entropy.Scoring;
using Gem.Entropy.Spans;
using Gem.Samples.Common;
using Gem.Samples.Llama.Tokenization;
using Gem.Samples.Pretrained;
using Gem.Samples.Pretrained.Cli;
using Gem.Testing;
using Stories = Gem.Samples.Tests.Stories260K;

namespace Gem.Samples.Tests.Pretrained;

public sealed class PretrainedSampleTests
{
    private static (int ExitCode, string Output) Run(params string[] args)
    {
        using var threads = new OneTorchThread();
        using var output = new StringWriter();
        var exit = PretrainedCommand.Create(output).Parse([.. args, "--data-dir", TestData.Directory, "--threads", OneTorchThread.Option]).Invoke();
        return (exit, output.ToString());
    }

    [Fact]
    public void The_generate_command_prints_the_greedy_sample_of_stories260K_md_byte_for_byte()
    {
        var (exit, output) = Run("generate", "--greedy", "--max-new-tokens", "256");
        Assert.Equal(0, exit);
        Assert.Equal(Stories.GreedySample + "\n", output);
    }

    [Fact]
    public void Greedy_generation_after_a_prompt_continues_the_printed_sample()
    {
        // The printed sample begins with "Once upon a time"; its greedy continuation does not depend on whether those
        // tokens were generated or given as the prompt.
        const string prompt = "Once upon a time";
        var (exit, output) = Run("generate", "--greedy", "--prompt", prompt, "--max-new-tokens", "40");
        Assert.Equal(0, exit);
        var completion = output[..^1];
        Assert.True(completion.Length > 40, $"expected a 40-token completion; got '{completion}'");
        Assert.StartsWith(completion, Stories.GreedySample[prompt.Length..]);
    }

    [Theory]
    [InlineData("train", "-k", "1")]
    [InlineData("train", "--steps", "0")]
    [InlineData("generate", "--device", "gpu")]
    [InlineData("generate", "--threads", "0")]
    [InlineData("candidates", "--temperature", "0")]
    public void A_bad_command_line_fails_before_anything_runs(params string[] args)
    {
        using var output = new StringWriter();
        var exit = PretrainedCommand.Create(output).Parse(args)
            .Invoke(new System.CommandLine.InvocationConfiguration { Output = TextWriter.Null, Error = TextWriter.Null });
        Assert.NotEqual(0, exit);
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public void The_candidates_command_prints_k_candidates_best_first()
    {
        var (exit, output) = Run("candidates", "-k", "3", "--max-new-tokens", "16", "--seed", "5");
        Assert.Equal(0, exit);
        var scores = output.Split('\n').Where(l => l.StartsWith("candidate ", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split("S = ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(3, scores.Count);
        Assert.Equal(scores.OrderByDescending(s => s), scores);
    }

    [Fact]
    public void Candidate_scores_of_a_left_padded_batch_match_a_float64_reference_computed_row_by_row()
    {
        using var threads = new OneTorchThread();
        using var model = Stories.LoadModel();
        model.eval();
        var tokenizer = Stories.LoadTokenizer();
        // Prompts of different lengths: the batch is left-padded, the reference sees each row alone.
        IReadOnlyList<IReadOnlyList<int>> prompts = [tokenizer.EncodeToIds("Once upon a time"), tokenizer.EncodeToIds("Tom")];
        var options = new GenerationOptions { CandidatesPerPrompt = 3, Temperature = 1.0, MaxNewTokens = 24, StopTokenIds = [Llama2CTokenizer.BeginningOfSentenceId, Llama2CTokenizer.EndOfSentenceId], Seed = 3 };
        using var generated = new CandidateGenerator(model).Generate(prompts, options);
        Assert.NotEqual(prompts[0].Count, prompts[1].Count);

        var scored = CandidateScoring.Score(model, generated, new EntropyGuidedScorer(), new TailFractionSpanStrategy());

        Assert.Equal(6, scored.Count);
        using var noGrad = torch.no_grad();
        foreach (var candidate in scored)
        {
            var prompt = prompts[candidate.Prompt];
            var completion = candidate.CompletionIds;
            Assert.Equal(generated.GetCompletionTokens(candidate.Row), completion);
            using var scope = torch.NewDisposeScope();
            var ids = torch.tensor(prompt.Concat(completion).Select(i => (long)i).ToArray()).view(1, -1);
            var logProbabilities = model.call(ids, null).to(ScalarType.Float64).log_softmax(-1).narrow(1, prompt.Count - 1, completion.Count);
            var entropies = (-(logProbabilities.exp() * logProbabilities).sum(-1)).squeeze(0).data<double>().ToArray();
            var expected = GemScoreReference.Score(entropies);
            Assert.True(Math.Abs(expected.Score - candidate.Score) < 1e-4, $"row {candidate.Row}: S {candidate.Score} vs reference {expected.Score}");
            Assert.True(Math.Abs(expected.FinalEntropy - candidate.FinalEntropy!.Value) < 1e-4, $"row {candidate.Row}: H_final");
            Assert.True(Math.Abs(expected.ForkTerm - candidate.ForkTerm!.Value) < 1e-4, $"row {candidate.Row}: F");
            Assert.Equal(completion.Count, candidate.AnswerTokens + candidate.ReasoningTokens);
        }

        Assert.True(scored.Select(c => c.Score).Distinct().Count() > 1, "all candidates scored alike; the comparison would mean little");
        TensorLeakCheck.AssertNoLeak(() =>
        {
            CandidateScoring.Score(model, generated, new EntropyGuidedScorer(), new TailFractionSpanStrategy());
            return [];
        }, "CandidateScoring.Score");
    }

    [Fact]
    public void The_train_command_takes_GEM_steps_that_change_the_model_and_reports_each_one()
    {
        using var threads = new OneTorchThread();
        using var model = Stories.LoadModel();
        var tokenizer = Stories.LoadTokenizer();
        var initial = model.parameters().Select(p => p.detach().clone()).ToList();
        using var output = new StringWriter();
        var settings = new StoryTrainingSettings
        {
            Prompts = ["Once upon a time", "Tom had a big red ball"], Steps = 2, CandidatesPerPrompt = 3, MaxNewTokens = 16, BatchSize = 2, ProbeCandidates = 2,
        };

        var report = StoryTraining.Run(model, tokenizer, settings, new EntropyGuidedScorerOptions(), output);

        Assert.Equal(2, report.History.Count);
        foreach (var m in report.History)
        {
            Assert.True(double.IsFinite(m.Loss) && double.IsFinite(m.GradientNorm) && m.GradientNorm > 0, $"step {m.Step}: loss {m.Loss}, grad norm {m.GradientNorm}");
            Assert.True(m.AdvantageAbsMean > 0, $"step {m.Step} carried no signal");
            Assert.Equal(2, m.Groups);
            Assert.InRange(m.MeanCompletionLength, 1, 16);
        }

        Assert.Equal(4, report.Before.Candidates);
        Assert.Contains(model.parameters().Zip(initial), p => !p.First.allclose(p.Second, 0, 0));
        var lines = output.ToString().Split('\n');
        Assert.Contains(MetricsTable.Header, lines);
        Assert.Contains(lines, l => l.StartsWith("   2 ", StringComparison.Ordinal));
        foreach (var t in initial)
            t.Dispose();
    }
}
