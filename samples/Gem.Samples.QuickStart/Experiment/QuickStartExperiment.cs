using System.Diagnostics;
using System.Globalization;
using Gem.Core.Training;
using Gem.Entropy.Scoring;
using Gem.Samples.QuickStart.Calibration;
using Gem.Samples.QuickStart.Data;
using Gem.Samples.QuickStart.Tokenization;

namespace Gem.Samples.QuickStart.Experiment;

/// <summary>
/// The quick-start experiment: build the data, warm-start (or load) the reference Llama, evaluate it, check the
/// calibration of the GEM score on held-out prompts, then train every method with every seed from the warm start
/// under the same budget and evaluate each on the held-out set. Used by the demo and by the quality benchmark.
/// </summary>
public static class QuickStartExperiment
{
    /// <summary>Runs <paramref name="plan"/>.</summary>
    /// <param name="plan">The experiment.</param>
    /// <param name="progress">Receives a report at every step of every stage.</param>
    /// <param name="cancellationToken">Checked between steps.</param>
    public static ExperimentReport Run(ExperimentPlan plan, IProgress<ExperimentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var clock = Stopwatch.StartNew();
        var tokenizer = TaskTokenizer.Default;
        var dataset = QuickStartDataset.Create(plan.Data);
        var config = TaskModel.Config(plan.Model, tokenizer);

        const string warmStage = "warm start (SFT)";
        var warmStart = WarmStart.GetOrTrain(plan, dataset, tokenizer,
            new SynchronousProgress<(long Step, long Total, double Loss)>(p =>
                progress?.Report(new ExperimentProgress(warmStage, p.Step, p.Total, string.Create(CultureInfo.InvariantCulture, $"loss {p.Loss:F3}")))),
            cancellationToken);
        progress?.Report(new ExperimentProgress(warmStage, plan.WarmStart.Steps, plan.WarmStart.Steps,
            warmStart.FromCache ? $"read from the cache ({warmStart.Key})" : string.Create(CultureInfo.InvariantCulture, $"trained in {warmStart.TrainingTime.TotalSeconds:F0} s, cached as {warmStart.Key}"),
            Finished: true));

        using var reference = warmStart.CreateModel(config);
        foreach (var parameter in reference.parameters())
            parameter.requires_grad = false;
        var heldOut = dataset.HeldOutPairs.Select(p => p.Example).ToList();
        var training = dataset.TrainingPairs.Select(p => p.Example).ToList();
        var evaluatorOptions = new TrainerOptions { PadTokenId = tokenizer.PadId, EndOfSequenceTokenId = tokenizer.EosId };
        var evaluator = new HeldOutEvaluator(heldOut, tokenizer, reference, evaluatorOptions, plan.MaxNewTokens);

        progress?.Report(new ExperimentProgress("evaluate warm start", 0, 1, $"{heldOut.Count} held-out problems"));
        var warmScores = evaluator.Evaluate(reference, cancellationToken);
        progress?.Report(new ExperimentProgress("evaluate warm start", 1, 1,
            string.Create(CultureInfo.InvariantCulture, $"answer accuracy {warmScores.AnswerAccuracy:P1}"), Finished: true));

        CalibrationReport? calibration = null;
        if (plan.Calibration is { } calibrationOptions)
        {
            const string stage = "calibration check";
            progress?.Report(new ExperimentProgress(stage, 0, 1, $"{Math.Min(calibrationOptions.Prompts, heldOut.Count)} prompts x k = {calibrationOptions.Candidates}"));
            // The paper's score (λ = 1, ρ = 0.1): the check is of the paper's assumption; its two terms are reported apart too.
            calibration = CalibrationCheck.Run(reference, "warm start", heldOut, tokenizer, calibrationOptions, new EntropyGuidedScorer(), plan.MaxNewTokens, cancellationToken);
            var gem = calibration.Scores[0];
            progress?.Report(new ExperimentProgress(stage, 1, 1,
                string.Create(CultureInfo.InvariantCulture, $"best-of-k by GEM score {gem.BestOfKAccuracy:P1} vs random {calibration.RandomPickAccuracy:P1}"), Finished: true));
        }

        var runner = new MethodRunner(plan, tokenizer, warmStart, reference, evaluator);
        var runs = new List<RunResult>();
        foreach (var seed in plan.Seeds)
        {
            foreach (var method in plan.Methods)
            {
                var stage = string.Create(CultureInfo.InvariantCulture, $"{method.Name} seed {seed}");
                var result = runner.Run(method, seed, training, warmScores.AnswerAccuracy,
                    (step, loss) => progress?.Report(new ExperimentProgress(stage, step, plan.Steps, string.Create(CultureInfo.InvariantCulture, $"loss {loss:F3}"))),
                    cancellationToken);
                runs.Add(result);
                progress?.Report(new ExperimentProgress(stage, plan.Steps, plan.Steps,
                    string.Create(CultureInfo.InvariantCulture,
                        $"answer {result.Scores.AnswerAccuracy:P1}, preference {result.Scores.Preference.ImplicitRewardAccuracy:P1}, {result.TrainingSeconds:F0} s"),
                    Finished: true));
            }
        }

        return new ExperimentReport(plan, warmStart, TaskModel.ParameterCount(reference), warmScores, runs, calibration, clock.Elapsed.TotalSeconds);
    }
}
