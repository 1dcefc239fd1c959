using System.Diagnostics;
using Gem.Core.Data;
using Gem.Core.Policy;
using Gem.Core.Tokenization;
using Gem.Core.Training.Checkpoints;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Core.Training;

/// <summary>
/// The plumbing every Gem trainer shares, so that GEM, DPO and SFT are compared on the same code paths: one optimiser
/// step per <see cref="TrainStep"/> (micro-batches for gradient accumulation, each weighted by its share of the batch;
/// total gradient norm and clipping; a non-finite gradient is refused and the parameters stay as they were; the
/// learning-rate schedule), seeded data order, checkpoints that resume exactly, and cancellation between steps.
/// </summary>
/// <typeparam name="TMetrics">What one step reports.</typeparam>
public abstract class PolicyTrainer<TMetrics> : IDisposable
    where TMetrics : class
{
    private readonly bool _ownsOptimizer;
    private bool _disposed;

    /// <summary>Sets the trainer up.</summary>
    /// <param name="policy">The model being trained; its <see cref="ICausalLanguageModel.TrainableModule"/>'s parameters are optimised.</param>
    /// <param name="encoder">Formats and tokenises prompts and completions.</param>
    /// <param name="options">Shared trainer options; <see cref="TrainerOptions.Default"/> when null.</param>
    /// <param name="optimizer">The optimiser, or <see langword="null"/> for AdamW (β = 0.9, 0.999; weight decay 0) over all parameters.</param>
    /// <param name="logger">Receives one message per step; none when null.</param>
    protected PolicyTrainer(ICausalLanguageModel policy, ChatEncoder encoder, TrainerOptions? options, optim.Optimizer? optimizer, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(encoder);
        Policy = policy;
        Encoder = encoder;
        Options = options ?? TrainerOptions.Default;
        if (Options.EndOfSequenceTokenId is { } eos && eos >= policy.VocabularySize)
            throw new ArgumentOutOfRangeException(nameof(options), eos, $"EndOfSequenceTokenId must be below the model's vocabulary size {policy.VocabularySize}.");
        if (Options.PadTokenId >= policy.VocabularySize)
            throw new ArgumentOutOfRangeException(nameof(options), Options.PadTokenId, $"PadTokenId must be below the model's vocabulary size {policy.VocabularySize}.");
        _ownsOptimizer = optimizer is null;
        Optimizer = optimizer ?? optim.AdamW(policy.TrainableModule.parameters(), lr: Options.Schedule.PeakLearningRate, weight_decay: 0);
        Logger = logger ?? NullLogger.Instance;
        SamplingGenerator = new Generator(unchecked((ulong)Options.Seed), policy.Device);
    }

    /// <summary>The model being trained.</summary>
    public ICausalLanguageModel Policy { get; }

    /// <summary>Formats and tokenises prompts and completions.</summary>
    public ChatEncoder Encoder { get; }

    /// <summary>The shared options.</summary>
    public TrainerOptions Options { get; }

    /// <summary>The optimiser.</summary>
    public optim.Optimizer Optimizer { get; }

    /// <summary>Optimiser steps taken (restored by <see cref="LoadCheckpoint"/>).</summary>
    public long CompletedSteps { get; private set; }

    /// <summary>The generator that candidate sampling draws from (seeded by <see cref="TrainerOptions.Seed"/>; checkpointed).</summary>
    protected Generator SamplingGenerator { get; }

    /// <summary>Where step messages go.</summary>
    protected ILogger Logger { get; }

    /// <summary>Takes one optimiser step on <paramref name="batch"/>.</summary>
    /// <param name="batch">The step's examples (prompts for GEM, pairs for DPO, demonstrations for SFT); at least one.</param>
    /// <param name="cancellationToken">Checked between micro-batches; a cancelled step changes no parameter.</param>
    /// <returns>The step's metrics.</returns>
    /// <exception cref="ArgumentException">The batch is empty or an example lacks what this trainer needs.</exception>
    /// <exception cref="InvalidOperationException">The gradient is NaN or infinite (the step is not taken).</exception>
    public TMetrics TrainStep(IReadOnlyList<PreferenceExample> batch, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
            throw new ArgumentException("batch must hold at least one example; got none.", nameof(batch));
        ValidateBatch(batch);
        var stopwatch = Stopwatch.StartNew();
        var learningRate = Options.Schedule.Apply(Optimizer, CompletedSteps);
        var microBatches = Split(batch, Math.Min(Options.GradientAccumulationSteps, batch.Count));
        var weights = microBatches.Select(MicroBatchWeight).ToArray();
        var totalWeight = weights.Sum();
        if (!(totalWeight > 0))
            throw new ArgumentException("batch has nothing to train on (every example encodes to an empty completion).", nameof(batch));

        ZeroGradients();
        BeginStep();
        var loss = 0.0;
        try
        {
            for (var m = 0; m < microBatches.Count; m++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var share = weights[m] / totalWeight;
                var microLoss = ComputeMicroBatchLoss(microBatches[m], share, cancellationToken);
                if (microLoss.requires_grad)
                    (microLoss * share).backward();
                loss += share * microLoss.detach().cpu().item<float>();
            }
        }
        catch
        {
            ZeroGradients();
            throw;
        }

        var gradientNorm = GradientNorms.ClipTotalNorm(Policy.TrainableModule.parameters(), Options.MaxGradientNorm);
        if (!double.IsFinite(gradientNorm) || !double.IsFinite(loss))
        {
            ZeroGradients();
            throw new InvalidOperationException(
                $"Step {CompletedSteps + 1}: the loss ({loss}) or the gradient norm ({gradientNorm}) is not finite; the optimiser step was not taken and the parameters are unchanged. Lower the learning rate or check the data.");
        }

        Optimizer.step();
        ZeroGradients();
        CompletedSteps++;
        return EndStep(new StepOutcome(CompletedSteps, loss, gradientNorm, learningRate, stopwatch.Elapsed));
    }

    /// <summary>
    /// Trains for <paramref name="steps"/> optimiser steps on batches of <see cref="TrainerOptions.BatchSize"/> drawn from
    /// <paramref name="data"/> in a seeded order (a new permutation each epoch). Continues from <see cref="CompletedSteps"/>,
    /// so after <see cref="LoadCheckpoint"/> it resumes exactly. Checkpoints go to <see cref="TrainerOptions.CheckpointDirectory"/>
    /// (as <c>checkpoint.gem</c>) every <see cref="TrainerOptions.CheckpointEvery"/> steps and at the end.
    /// </summary>
    /// <param name="data">The training examples; at least one.</param>
    /// <param name="steps">Optimiser steps to take in total (counting those already completed), ≥ 0.</param>
    /// <param name="progress">Receives each step's metrics.</param>
    /// <param name="cancellationToken">Stops between steps (saving a checkpoint first when the options say so).</param>
    /// <returns>The metrics of the steps taken by this call.</returns>
    /// <remarks>Runs on a thread-pool thread (TorchSharp's dispose scopes are per thread: no await happens inside one).</remarks>
    public Task<IReadOnlyList<TMetrics>> TrainAsync(IReadOnlyList<PreferenceExample> data, long steps, IProgress<TMetrics>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Count == 0)
            throw new ArgumentException("data must hold at least one example; got none.", nameof(data));
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        return Task.Run<IReadOnlyList<TMetrics>>(() => Train(data, steps, progress, cancellationToken), CancellationToken.None);
    }

    /// <summary>The synchronous form of <see cref="TrainAsync"/>.</summary>
    /// <param name="data">The training examples; at least one.</param>
    /// <param name="steps">Optimiser steps to take in total (counting those already completed), ≥ 0.</param>
    /// <param name="progress">Receives each step's metrics.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    /// <returns>The metrics of the steps taken by this call.</returns>
    public IReadOnlyList<TMetrics> Train(IReadOnlyList<PreferenceExample> data, long steps, IProgress<TMetrics>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Count == 0)
            throw new ArgumentException("data must hold at least one example; got none.", nameof(data));
        var order = new DataOrder(data.Count, Options.Seed);
        var history = new List<TMetrics>();
        while (CompletedSteps < steps)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                if (Options.SaveCheckpointOnCancel)
                    SaveCheckpointToDirectory();
                cancellationToken.ThrowIfCancellationRequested();
            }

            var batch = order.Batch(CompletedSteps, Options.BatchSize).Select(i => data[i]).ToList();
            var metrics = TrainStep(batch, cancellationToken);
            history.Add(metrics);
            progress?.Report(metrics);
            if (Options.CheckpointEvery > 0 && CompletedSteps % Options.CheckpointEvery == 0)
                SaveCheckpointToDirectory();
        }

        SaveCheckpointToDirectory();
        return history;
    }

    /// <summary>Writes model, optimiser, schedule, sampling generator and step to <paramref name="path"/> atomically.</summary>
    /// <param name="path">The checkpoint file (replaced atomically if it exists).</param>
    public void SaveCheckpoint(string path)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        TrainingCheckpoint.Save(path, Policy.TrainableModule, Optimizer,
            new TrainingProgress { Step = CompletedSteps, Schedule = Options.Schedule }, SamplingGenerator);
        Diagnostics.Log.CheckpointSaved(Logger, CompletedSteps, path);
    }

    /// <summary>Restores a checkpoint written by <see cref="SaveCheckpoint"/>; training then continues exactly.</summary>
    /// <param name="path">The checkpoint file.</param>
    /// <exception cref="CheckpointException">The file is corrupt, truncated or does not fit this model and optimiser.</exception>
    public void LoadCheckpoint(string path)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var progress = TrainingCheckpoint.Load(path, Policy.TrainableModule, Optimizer, SamplingGenerator);
        CompletedSteps = progress.Step;
        Diagnostics.Log.CheckpointLoaded(Logger, path, CompletedSteps);
    }

    /// <summary>Checks that every example has what this trainer needs (called before anything is computed).</summary>
    /// <param name="batch">The step's examples.</param>
    protected abstract void ValidateBatch(IReadOnlyList<PreferenceExample> batch);

    /// <summary>The weight of a micro-batch in its step (examples, groups or tokens — what the loss averages over).</summary>
    /// <param name="microBatch">Part of the step's batch.</param>
    /// <returns>A weight ≥ 0.</returns>
    protected abstract double MicroBatchWeight(IReadOnlyList<PreferenceExample> microBatch);

    /// <summary>Called before the first micro-batch of a step: reset per-step accumulators.</summary>
    protected abstract void BeginStep();

    /// <summary>The loss of one micro-batch, with its graph (the base class back-propagates <c>share · loss</c>).</summary>
    /// <param name="microBatch">Part of the step's batch.</param>
    /// <param name="share">Its weight divided by the step's total weight.</param>
    /// <param name="cancellationToken">For long work inside the micro-batch (generation).</param>
    /// <returns>A scalar loss tensor (in the caller's dispose scope).</returns>
    protected abstract Tensor ComputeMicroBatchLoss(IReadOnlyList<PreferenceExample> microBatch, double share, CancellationToken cancellationToken);

    /// <summary>Builds (and logs) the step's metrics once the optimiser step is taken.</summary>
    /// <param name="outcome">What the base class measured.</param>
    /// <returns>The step's metrics.</returns>
    protected abstract TMetrics EndStep(StepOutcome outcome);

    /// <summary>The sequence of a prompt and a human completion, with <see cref="TrainerOptions.EndOfSequenceTokenId"/> appended.</summary>
    /// <param name="prompt">The user prompt (formatted by the chat template).</param>
    /// <param name="completion">The completion text.</param>
    /// <returns>Prompt and completion ids with an exact boundary.</returns>
    protected EncodedSequence EncodeHuman(string prompt, string completion)
    {
        var promptIds = Encoder.EncodePrompt(prompt, Options.SystemMessage);
        return new EncodedSequence(promptIds, EncodeHumanCompletion(completion));
    }

    /// <summary>The ids of a human completion with <see cref="TrainerOptions.EndOfSequenceTokenId"/> appended.</summary>
    /// <param name="completion">The completion text.</param>
    /// <returns>The ids.</returns>
    protected IReadOnlyList<int> EncodeHumanCompletion(string completion)
    {
        var ids = Encoder.EncodeCompletion(completion);
        if (Options.EndOfSequenceTokenId is not { } eos)
            return ids;
        var withEnd = new List<int>(ids.Count + 1);
        withEnd.AddRange(ids);
        withEnd.Add(eos);
        return withEnd;
    }

    /// <summary>Frees the optimiser (when the trainer created it) and the sampling generator.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees resources.</summary>
    /// <param name="disposing">True from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (_disposed)
            return;
        _disposed = true;
        if (disposing)
        {
            SamplingGenerator.Dispose();
            if (_ownsOptimizer)
                Optimizer.Dispose();
        }
    }

    private void ZeroGradients() => GradientNorms.ZeroGradients(Policy.TrainableModule.parameters());

    private void SaveCheckpointToDirectory()
    {
        if (Options.CheckpointDirectory is { } directory)
            SaveCheckpoint(Path.Combine(directory, "checkpoint.gem"));
    }

    private static List<IReadOnlyList<PreferenceExample>> Split(IReadOnlyList<PreferenceExample> batch, int parts)
    {
        var result = new List<IReadOnlyList<PreferenceExample>>(parts);
        for (var p = 0; p < parts; p++)
        {
            var start = batch.Count * p / parts;
            var end = batch.Count * (p + 1) / parts;
            result.Add(batch.Skip(start).Take(end - start).ToList());
        }

        return result;
    }
}

/// <summary>What <see cref="PolicyTrainer{TMetrics}"/> measured in one step, passed to the subclass to build its metrics.</summary>
/// <param name="Step">The step just taken (1-based).</param>
/// <param name="Loss">The batch loss (share-weighted sum of micro-batch losses).</param>
/// <param name="GradientNorm">Total gradient L2 norm before clipping.</param>
/// <param name="LearningRate">The learning rate of the step.</param>
/// <param name="Duration">Wall-clock time of the step.</param>
public sealed record StepOutcome(long Step, double Loss, double GradientNorm, double LearningRate, TimeSpan Duration);
