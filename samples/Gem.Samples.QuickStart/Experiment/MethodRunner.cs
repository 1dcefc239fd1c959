using System.Diagnostics;
using Gem.Core.Data;
using Gem.Core.Generation;
using Gem.Core.Training;
using Gem.Samples.Llama.Model;
using Gem.Samples.QuickStart.Tokenization;
using Gem.Sega.Objectives;

namespace Gem.Samples.QuickStart.Experiment;

/// <summary>
/// Trains one method with one seed from the warm start with Gem.Core's trainers — <see cref="SftTrainer"/>,
/// <see cref="DpoTrainer"/> or <see cref="GemTrainer"/> — under the same budget: the same number of optimiser steps, the
/// same batch of preference examples per step, the same learning-rate schedule shape, gradient clipping and data order.
/// </summary>
public sealed class MethodRunner
{
    private readonly ExperimentPlan _plan;
    private readonly TaskTokenizer _tokenizer;
    private readonly LlamaConfig _config;
    private readonly WarmStartWeights _warmStart;
    private readonly LlamaForCausalLM _reference;
    private readonly HeldOutEvaluator _evaluator;

    /// <summary>Creates the runner.</summary>
    /// <param name="plan">The experiment.</param>
    /// <param name="tokenizer">The task tokenizer.</param>
    /// <param name="warmStart">The weights every run starts from.</param>
    /// <param name="reference">The warm start, frozen: DPO's reference.</param>
    /// <param name="evaluator">Held-out evaluation.</param>
    public MethodRunner(ExperimentPlan plan, TaskTokenizer tokenizer, WarmStartWeights warmStart, LlamaForCausalLM reference, HeldOutEvaluator evaluator)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(warmStart);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(evaluator);
        (_plan, _tokenizer, _warmStart, _reference, _evaluator) = (plan, tokenizer, warmStart, reference, evaluator);
        _config = TaskModel.Config(plan.Model, tokenizer);
    }

    /// <summary>The options every trainer of a run shares (the budget).</summary>
    public TrainerOptions TrainerOptions(MethodSpec method, int seed)
    {
        ArgumentNullException.ThrowIfNull(method);
        var steps = _plan.Steps;
        return new TrainerOptions
        {
            Schedule = LearningRateSchedule.Cosine(method.LearningRate, Math.Max(1, steps / 10), steps, method.LearningRate / 10),
            BatchSize = _plan.BatchSize,
            Seed = seed,
            EndOfSequenceTokenId = _tokenizer.EosId,
            PadTokenId = _tokenizer.PadId,
            MaxGradientNorm = 1.0,
        };
    }

    /// <summary>Trains <paramref name="method"/> with <paramref name="seed"/> and evaluates it.</summary>
    /// <param name="method">The method.</param>
    /// <param name="seed">The training seed.</param>
    /// <param name="data">The few-shot preference pairs.</param>
    /// <param name="initialAccuracy">The warm start's held-out answer accuracy (the curve's first point).</param>
    /// <param name="onStep">Called after every step with (step, loss).</param>
    /// <param name="cancellationToken">Checked between steps.</param>
    public RunResult Run(MethodSpec method, int seed, IReadOnlyList<PreferenceExample> data, double initialAccuracy,
        Action<long, double>? onStep = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(data);
        using var policy = _warmStart.CreateModel(_config);
        var options = TrainerOptions(method, seed);
        var losses = new List<double>(_plan.Steps);
        var curve = new List<CurvePoint> { new(0, initialAccuracy) };
        var training = new Stopwatch();
        var report = new SynchronousProgress<double>(loss =>
        {
            losses.Add(loss);
            onStep?.Invoke(losses.Count, loss);
        });

        using (var trainer = CreateTrainer(method, policy, options))
        {
            for (var point = 1; point <= _plan.CurvePoints + 1; point++)
            {
                var until = (long)_plan.Steps * point / (_plan.CurvePoints + 1);
                training.Start();
                trainer.Train(data, until, report, cancellationToken);
                training.Stop();
                if (point <= _plan.CurvePoints)
                    curve.Add(new CurvePoint(until, _evaluator.Answers(policy, cancellationToken).Accuracy));
            }
        }

        var scores = _evaluator.Evaluate(policy, cancellationToken);
        curve.Add(new CurvePoint(_plan.Steps, scores.AnswerAccuracy));
        return new RunResult(method.Name, seed, scores, training.Elapsed.TotalSeconds, losses, curve);
    }

    private IMethodTrainer CreateTrainer(MethodSpec method, LlamaForCausalLM policy, TrainerOptions options)
    {
        var encoder = TaskModel.Encoder(_tokenizer);
        return method switch
        {
            SftMethod => new MethodTrainer<TrainerStepMetrics>(new SftTrainer(policy, encoder, options), m => m.Loss),
            DpoMethod dpo => new MethodTrainer<TrainerStepMetrics>(
                new DpoTrainer(policy, encoder, options, new DpoObjective(new DpoOptions { Beta = dpo.Beta, Loss = dpo.Loss }), _reference), m => m.Loss),
            GemMethod gem => new MethodTrainer<Gem.Core.Diagnostics.GemStepMetrics>(
                new GemTrainer(policy, encoder,
                    new GemTrainerOptions
                    {
                        Generation = new GenerationOptions
                        {
                            CandidatesPerPrompt = gem.Candidates,
                            Temperature = gem.Temperature,
                            MaxNewTokens = _plan.MaxNewTokens,
                            StopTokenIds = [_tokenizer.EosId],
                            PadTokenId = _tokenizer.PadId,
                        },
                        IncludeHumanPair = gem.IncludeHumanPair,
                    },
                    options, gem.CreateScorer(), gem.CreateRanker(), gem.CreateObjective()),
                m => m.Loss),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method.GetType().Name, "Expected an SFT, DPO or GEM method."),
        };
    }

    /// <summary>The three trainers behind one shape: train up to a step, reporting each step's loss.</summary>
    private interface IMethodTrainer : IDisposable
    {
        void Train(IReadOnlyList<PreferenceExample> data, long until, IProgress<double> loss, CancellationToken cancellationToken);
    }

    private sealed class MethodTrainer<TMetrics>(PolicyTrainer<TMetrics> trainer, Func<TMetrics, double> loss) : IMethodTrainer
        where TMetrics : class
    {
        public void Train(IReadOnlyList<PreferenceExample> data, long until, IProgress<double> report, CancellationToken cancellationToken) =>
            trainer.Train(data, until, new SynchronousProgress<TMetrics>(m => report.Report(loss(m))), cancellationToken);

        public void Dispose() => trainer.Dispose();
    }
}
