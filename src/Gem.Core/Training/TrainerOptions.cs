using Gem.Entropy.Statistics;

namespace Gem.Core.Training;

/// <summary>
/// What every Gem trainer (GEM, DPO, SFT) shares: optimisation, accumulation, clipping, seeding and checkpoints.
/// Each value is checked when it is set, so an options object that exists is valid.
/// </summary>
public sealed class TrainerOptions
{
    private readonly LearningRateSchedule _schedule = LearningRateSchedule.Constant(1e-5);
    private readonly double? _maxGradientNorm = 1.0;
    private readonly int _gradientAccumulationSteps = 1;
    private readonly int _batchSize = 8;
    private readonly int? _endOfSequenceTokenId;
    private readonly int _padTokenId;
    private readonly int _checkpointEvery;

    /// <summary>The defaults: constant learning rate 1e-5, clipping at norm 1, no accumulation, batch 8, seed 0.</summary>
    public static TrainerOptions Default { get; } = new();

    /// <summary>Learning rate per optimiser step (warm-up, then constant, cosine or linear). Default constant 1e-5.</summary>
    public LearningRateSchedule Schedule
    {
        get => _schedule;
        init => _schedule = value ?? throw new ArgumentNullException(nameof(Schedule), "Schedule must not be null.");
    }

    /// <summary>Gradients are clipped to this total L2 norm before each step; <see langword="null"/> turns clipping off. Default 1.</summary>
    public double? MaxGradientNorm
    {
        get => _maxGradientNorm;
        init => _maxGradientNorm = value is null || (double.IsFinite(value.Value) && value > 0)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxGradientNorm), value, "MaxGradientNorm must be finite and > 0, or null for no clipping.");
    }

    /// <summary>
    /// Micro-batches each optimiser step is split into (≥ 1, default 1). Each micro-batch's loss is weighted by its share
    /// of the batch, so the accumulated gradient equals that of the whole batch at once.
    /// </summary>
    public int GradientAccumulationSteps
    {
        get => _gradientAccumulationSteps;
        init => _gradientAccumulationSteps = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(GradientAccumulationSteps), value, "GradientAccumulationSteps must be at least 1.");
    }

    /// <summary>Examples (prompts or pairs) per optimiser step when the trainer draws batches itself (≥ 1, default 8).</summary>
    public int BatchSize
    {
        get => _batchSize;
        init => _batchSize = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(BatchSize), value, "BatchSize must be at least 1.");
    }

    /// <summary>Seed of the data order and of the sampling generator (default 0).</summary>
    public long Seed { get; init; }

    /// <summary>Token id appended to human completions (chosen, rejected, demonstrations), or <see langword="null"/> (default) to append nothing.</summary>
    public int? EndOfSequenceTokenId
    {
        get => _endOfSequenceTokenId;
        init => _endOfSequenceTokenId = value is null or >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(EndOfSequenceTokenId), value, "EndOfSequenceTokenId must be ≥ 0 when set.");
    }

    /// <summary>Token id written on padding (never attended to, never trained on; default 0).</summary>
    public int PadTokenId
    {
        get => _padTokenId;
        init => _padTokenId = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(PadTokenId), value, "PadTokenId must be ≥ 0.");
    }

    /// <summary>A system message given to the chat template with every prompt, or <see langword="null"/>.</summary>
    public string? SystemMessage { get; init; }

    /// <summary>Chunking of the token statistics (entropy, log-probabilities); <see langword="null"/> for the default.</summary>
    public TokenStatisticsOptions? TokenStatistics { get; init; }

    /// <summary>Folder for checkpoints written by <c>TrainAsync</c>, or <see langword="null"/> (default) for none.</summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>Write a checkpoint every this many steps in <c>TrainAsync</c> (0 = only at the end and on cancellation; default 0).</summary>
    public int CheckpointEvery
    {
        get => _checkpointEvery;
        init => _checkpointEvery = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(CheckpointEvery), value, "CheckpointEvery must be ≥ 0.");
    }

    /// <summary>Whether a cancelled <c>TrainAsync</c> saves a checkpoint before it stops (default true, when a folder is set).</summary>
    public bool SaveCheckpointOnCancel { get; init; } = true;
}
