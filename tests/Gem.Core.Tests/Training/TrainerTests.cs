using Gem.Core.Data;
using Gem.Core.Diagnostics;
using Gem.Core.Evaluation;
using Gem.Core.Filtering;
using Gem.Core.Generation;
using Gem.Core.Training;
using Gem.Core.Training.Checkpoints;
using Gem.Sega.Objectives;

namespace Gem.Core.Tests.Training;

public sealed class TrainerTests
{
    private static readonly GemTrainerOptions SmallGem = new()
    {
        Generation = new GenerationOptions { CandidatesPerPrompt = 3, Temperature = 1.0, MaxNewTokens = 12, StopTokenIds = [CharacterTokenizer.Eos], PadTokenId = CharacterTokenizer.Pad },
    };

    private static TrainerOptions Shared(double learningRate = 3e-3, int accumulation = 1, int batchSize = 4, string? checkpoints = null) => new()
    {
        Schedule = LearningRateSchedule.Constant(learningRate),
        GradientAccumulationSteps = accumulation,
        BatchSize = batchSize,
        EndOfSequenceTokenId = CharacterTokenizer.Eos,
        PadTokenId = CharacterTokenizer.Pad,
        Seed = 11,
        CheckpointDirectory = checkpoints,
    };

    [Fact]
    public void A_GEM_run_trains_end_to_end_and_raises_the_human_preference_margin()
    {
        var policy = TrainerFixtures.Policy();
        var encoder = TrainerFixtures.Encoder();
        var pairs = TrainerFixtures.Pairs(8);
        var options = Shared(learningRate: 1e-2);
        var evaluator = new PreferenceEvaluator(policy, encoder, options: options);
        var before = evaluator.Evaluate(pairs);

        // A strong human weight makes Bradley–Terry rate a⁺ above a⁻, so SEGA must push ℓ⁺ − ℓ⁻ up.
        using var trainer = new GemTrainer(policy, encoder, SmallGem, options,
            ranker: new BradleyTerryRanker(new BradleyTerryOptions { HumanWeight = 50 }));
        var history = trainer.Train(pairs, steps: 25);

        Assert.Equal(25, history.Count);
        Assert.Equal(25, trainer.CompletedSteps);
        foreach (var m in history)
        {
            Assert.True(double.IsFinite(m.Loss) && double.IsFinite(m.GradientNorm), $"step {m.Step}: loss {m.Loss}, grad norm {m.GradientNorm}");
            Assert.Equal(4, m.Groups);
            Assert.InRange(m.AnswerFoundFraction, 0, 1);
            Assert.InRange(m.MeanCompletionLength, 1, 12);
            Assert.True(m.AdvantageAbsMean > 0, $"step {m.Step} carried no signal");
            Assert.True(m.GenerationTime > TimeSpan.Zero && m.UpdateTime > TimeSpan.Zero);
        }

        var after = evaluator.Evaluate(pairs);
        Assert.True(after.MeanImplicitRewardMargin > before.MeanImplicitRewardMargin + 0.5,
            $"margin {before.MeanImplicitRewardMargin:F3} → {after.MeanImplicitRewardMargin:F3}");
        Assert.Equal(1.0, after.ImplicitRewardAccuracy);
    }

    [Fact]
    public void The_same_seed_gives_the_same_GEM_run()
    {
        IReadOnlyList<GemStepMetrics> Run()
        {
            using var trainer = new GemTrainer(TrainerFixtures.Policy(), TrainerFixtures.Encoder(), SmallGem, Shared());
            return trainer.Train(TrainerFixtures.Pairs(6), steps: 3);
        }

        var first = Run();
        var second = Run();
        Assert.Equal(first.Select(m => m.Loss), second.Select(m => m.Loss));
        Assert.Equal(first.Select(m => m.MeanCompletionLength), second.Select(m => m.MeanCompletionLength));
    }

    [Fact]
    public void Resuming_from_a_checkpoint_continues_exactly()
    {
        var folder = Directory.CreateTempSubdirectory("gem-resume-").FullName;
        try
        {
            var pairs = TrainerFixtures.Pairs(6);
            using var uninterrupted = new GemTrainer(TrainerFixtures.Policy(), TrainerFixtures.Encoder(), SmallGem, Shared());
            var full = uninterrupted.Train(pairs, steps: 5);

            using (var first = new GemTrainer(TrainerFixtures.Policy(), TrainerFixtures.Encoder(), SmallGem, Shared(checkpoints: folder)))
                first.Train(pairs, steps: 3);

            // A differently initialised model: everything must come from the checkpoint.
            using var resumed = new GemTrainer(TrainerFixtures.Policy(seed: 99), TrainerFixtures.Encoder(), SmallGem, Shared(checkpoints: folder));
            resumed.LoadCheckpoint(Path.Combine(folder, "checkpoint.gem"));
            Assert.Equal(3, resumed.CompletedSteps);
            var rest = resumed.Train(pairs, steps: 5);

            Assert.Equal(full.Skip(3).Select(m => m.Loss), rest.Select(m => m.Loss));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_checkpoint_of_another_model_is_refused_and_changes_nothing()
    {
        var folder = Directory.CreateTempSubdirectory("gem-mismatch-").FullName;
        try
        {
            using (var trainer = new SftTrainer(TrainerFixtures.Policy(), TrainerFixtures.Encoder(), Shared()))
                trainer.SaveCheckpoint(Path.Combine(folder, "c.gem"));
            var other = new Gem.Testing.Models.TinyLlamaPolicy(new Gem.Testing.Models.TinyLlama(TrainerFixtures.Config() with { Dimension = 16, HiddenDimension = 32 }));
            using var mismatched = new SftTrainer(other, TrainerFixtures.Encoder(), Shared());
            var before = other.TrainableModule.parameters().Select(p => p.clone()).ToList();
            var error = Assert.Throws<CheckpointException>(() => mismatched.LoadCheckpoint(Path.Combine(folder, "c.gem")));
            Assert.Contains("shape", error.Message, StringComparison.OrdinalIgnoreCase);
            Assert.All(other.TrainableModule.parameters().Zip(before), p => Assert.True(p.First.allclose(p.Second, 0, 0)));
            Assert.Equal(0, mismatched.CompletedSteps);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("sft")]
    [InlineData("dpo")]
    public void Gradient_accumulation_gives_the_gradient_of_the_whole_batch(string kind)
    {
        var pairs = TrainerFixtures.Pairs(4, seed: 3);
        var whole = TrainerFixtures.Policy();
        var split = TrainerFixtures.Policy();
        // SGD: parameters after one step are exactly θ − lr·g, so equal parameters mean equal gradients.
        using (var a = Baseline(kind, whole, Shared(accumulation: 1), torch.optim.SGD(whole.TrainableModule.parameters(), 0.1)))
            a.TrainStep(pairs);
        using (var b = Baseline(kind, split, Shared(accumulation: 3), torch.optim.SGD(split.TrainableModule.parameters(), 0.1)))
            b.TrainStep(pairs);
        foreach (var (p, q) in whole.TrainableModule.parameters().Zip(split.TrainableModule.parameters()))
            Assert.True(p.allclose(q, rtol: 1e-4, atol: 1e-6), $"a parameter differs by {(p - q).abs().max().item<float>()}");
    }

    [Fact]
    public void SFT_raises_the_likelihood_of_the_chosen_answers_and_greedy_decoding_finds_them()
    {
        var policy = TrainerFixtures.Policy();
        var encoder = TrainerFixtures.Encoder();
        var pairs = TrainerFixtures.Pairs(2, seed: 5);
        using var trainer = new SftTrainer(policy, encoder, Shared(learningRate: 1e-2, batchSize: 2));
        var history = trainer.Train(pairs, steps: 150);
        Assert.True(history[^1].Loss < history[0].Loss / 4, $"loss {history[0].Loss:F3} → {history[^1].Loss:F3}");

        var answers = new AnswerAccuracyEvaluator(policy, encoder, new GenerationOptions
        {
            Greedy = true, MaxNewTokens = 40, StopTokenIds = [CharacterTokenizer.Eos], PadTokenId = CharacterTokenizer.Pad,
        }).Evaluate(pairs);
        Assert.Equal(2, answers.Correct);
        Assert.Equal(1.0, answers.Accuracy);

        var wrongGold = pairs.Select(p => new PreferenceExample(p.Prompt, p.Chosen, p.Rejected, "999")).ToList();
        Assert.Equal(0, new AnswerAccuracyEvaluator(policy, encoder, GenerationOptions.GreedyDecoding(40)).Evaluate(wrongGold).Correct);
    }

    [Fact]
    public void A_DPO_run_raises_the_preference_margin_and_logs_the_TRL_rewards()
    {
        var policy = TrainerFixtures.Policy();
        var reference = TrainerFixtures.Policy();
        var encoder = TrainerFixtures.Encoder();
        var pairs = TrainerFixtures.Pairs(8, seed: 5);
        var options = Shared(learningRate: 1e-2);
        var evaluator = new PreferenceEvaluator(policy, encoder, reference: reference, options: options);
        var before = evaluator.Evaluate(pairs);

        using var trainer = new DpoTrainer(policy, encoder, options, reference: reference);
        var history = trainer.Train(pairs, steps: 20);

        // Against a copy of itself the first step's implicit rewards are zero and the sigmoid loss is log 2.
        Assert.Equal(Math.Log(2), history[0].Loss, tolerance: 1e-4);
        Assert.Equal(0.0, history[0].Scalars["rewards/margins"], tolerance: 1e-5);
        foreach (var name in new[] { "rewards/chosen", "rewards/rejected", "rewards/accuracies", "rewards/margins", "logps/chosen", "logps/rejected" })
            Assert.All(history, m => Assert.True(double.IsFinite(m.Scalars[name]), $"step {m.Step}: {name} = {m.Scalars[name]}"));
        Assert.True(history[^1].Loss < history[0].Loss / 2, $"loss {history[0].Loss:F3} → {history[^1].Loss:F3}");
        Assert.True(history[^1].Scalars["rewards/margins"] > 0, $"final margin {history[^1].Scalars["rewards/margins"]}");

        var after = evaluator.Evaluate(pairs);
        Assert.True(after.MeanImplicitRewardMargin > before.MeanImplicitRewardMargin + 0.5,
            $"margin {before.MeanImplicitRewardMargin:F3} → {after.MeanImplicitRewardMargin:F3}");
        Assert.Equal(1.0, after.ImplicitRewardAccuracy);
    }

    [Fact]
    public void SFT_on_a_reference_completion_is_SFT_on_the_same_text_as_chosen()
    {
        // A demonstration (no pair, a reference completion) must give exactly the step of the pair whose chosen it is.
        var pairs = TrainerFixtures.Pairs(4, seed: 3);
        var demonstrations = pairs.Select(p => new PreferenceExample(p.Prompt, null, null, p.GoldAnswer, referenceCompletion: p.Chosen)).ToList();
        TrainerStepMetrics Step(IReadOnlyList<PreferenceExample> batch, out Gem.Testing.Models.TinyLlamaPolicy policy)
        {
            policy = TrainerFixtures.Policy();
            using var trainer = new SftTrainer(policy, TrainerFixtures.Encoder(), Shared());
            return trainer.TrainStep(batch);
        }

        var fromPairs = Step(pairs, out var a);
        var fromDemonstrations = Step(demonstrations, out var b);
        Assert.Equal(fromPairs.Loss, fromDemonstrations.Loss, 6);
        foreach (var (p, q) in a.TrainableModule.parameters().Zip(b.TrainableModule.parameters()))
            Assert.True(p.allclose(q, rtol: 1e-5, atol: 1e-7));

        var neither = new[] { new PreferenceExample("Q: 1+1? A:", null, null, "2") };
        using var trainer = new SftTrainer(TrainerFixtures.Policy(), TrainerFixtures.Encoder(), Shared());
        var error = Assert.Throws<ArgumentException>(() => trainer.TrainStep(neither));
        Assert.Equal("batch", error.ParamName);
    }

    [Fact]
    public void Preference_accuracy_is_one_half_on_identical_pairs_and_complements_when_swapped()
    {
        var policy = TrainerFixtures.Policy();
        var encoder = TrainerFixtures.Encoder();
        var pairs = TrainerFixtures.Pairs(6, seed: 9);
        var evaluator = new PreferenceEvaluator(policy, encoder, options: Shared());
        var same = evaluator.Evaluate(pairs.Select(p => new PreferenceExample(p.Prompt, p.Chosen, p.Chosen, p.GoldAnswer)).ToList());
        Assert.Equal(0.5, same.ImplicitRewardAccuracy);
        Assert.Equal(0.5, same.LengthNormalizedAccuracy);
        Assert.Equal(0.5, same.GemScoreAccuracy);

        var forward = evaluator.Evaluate(pairs, batchSize: 4);
        var swapped = evaluator.Evaluate(pairs.Select(p => new PreferenceExample(p.Prompt, p.Rejected, p.Chosen, p.GoldAnswer)).ToList(), batchSize: 5);
        Assert.Equal(1.0, forward.ImplicitRewardAccuracy + swapped.ImplicitRewardAccuracy, 12);
        Assert.Equal(1.0, forward.LengthNormalizedAccuracy + swapped.LengthNormalizedAccuracy, 12);
        Assert.Equal(-forward.MeanImplicitRewardMargin, swapped.MeanImplicitRewardMargin, 5);
    }

    [Fact]
    public void A_cancelled_run_stops_between_steps_and_saves_a_checkpoint()
    {
        var folder = Directory.CreateTempSubdirectory("gem-cancel-").FullName;
        try
        {
            using var cancellation = new CancellationTokenSource();
            using var trainer = new SftTrainer(TrainerFixtures.Policy(), TrainerFixtures.Encoder(), Shared(checkpoints: folder));
            var progress = new SynchronousProgress<TrainerStepMetrics>(m =>
            {
                if (m.Step == 2)
                    cancellation.Cancel();
            });
            Assert.ThrowsAny<OperationCanceledException>(() => trainer.Train(TrainerFixtures.Pairs(4), steps: 10, progress, cancellation.Token));
            Assert.Equal(2, trainer.CompletedSteps);
            Assert.Equal(2, TrainingCheckpoint.ReadManifest(Path.Combine(folder, "checkpoint.gem")).Step);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Bad_batches_and_options_are_refused_with_the_argument_named()
    {
        using var gem = new GemTrainer(TrainerFixtures.Policy(), TrainerFixtures.Encoder(),
            new GemTrainerOptions { Generation = new GenerationOptions { CandidatesPerPrompt = 1, MaxNewTokens = 4 } }, Shared());
        var lonely = new PreferenceExample("Q: 1+1? A:", null, null, "2");
        Assert.Equal("batch", Assert.Throws<ArgumentException>(() => gem.TrainStep([lonely])).ParamName);
        Assert.Equal("batch", Assert.Throws<ArgumentException>(() => gem.TrainStep([])).ParamName);

        using var dpo = new DpoTrainer(TrainerFixtures.Policy(), TrainerFixtures.Encoder(), Shared());
        Assert.Equal("batch", Assert.Throws<ArgumentException>(() => dpo.TrainStep([lonely])).ParamName);

        Assert.Throws<ArgumentException>(() => new GemTrainer(TrainerFixtures.Policy(), TrainerFixtures.Encoder(), SmallGem, Shared(),
            objective: new SegaObjective(new SegaOptions { KlCoefficient = 0.1 })));
        Assert.Equal("GradientAccumulationSteps", Assert.Throws<ArgumentOutOfRangeException>(() => new TrainerOptions { GradientAccumulationSteps = 0 }).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SftTrainer(TrainerFixtures.Policy(), TrainerFixtures.Encoder(), new TrainerOptions { PadTokenId = 500 }));
    }

    [Fact]
    public void GEM_with_a_KL_term_reports_it_and_starts_at_zero_against_a_copy_of_itself()
    {
        var policy = TrainerFixtures.Policy();
        var reference = TrainerFixtures.Policy();
        using var trainer = new GemTrainer(policy, TrainerFixtures.Encoder(), SmallGem, Shared(),
            objective: new SegaObjective(new SegaOptions { KlCoefficient = 0.05 }), reference: reference);
        var first = trainer.TrainStep(TrainerFixtures.Pairs(2));
        Assert.NotNull(first.KullbackLeibler);
        Assert.Equal(0.0, first.KullbackLeibler!.Value, 5);
        trainer.Train(TrainerFixtures.Pairs(4), steps: 6);
        var later = trainer.TrainStep(TrainerFixtures.Pairs(2));
        Assert.True(later.KullbackLeibler > 0, $"KL after training was {later.KullbackLeibler}");
    }

    private static PolicyTrainer<TrainerStepMetrics> Baseline(string kind, Gem.Testing.Models.TinyLlamaPolicy policy, TrainerOptions options, torch.optim.Optimizer optimizer) =>
        kind == "sft"
            ? new SftTrainer(policy, TrainerFixtures.Encoder(), options, optimizer: optimizer)
            : new DpoTrainer(policy, TrainerFixtures.Encoder(), options, reference: TrainerFixtures.Policy(seed: 3), optimizer: optimizer);

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
