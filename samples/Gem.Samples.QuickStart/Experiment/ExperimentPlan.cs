using Gem.Samples.QuickStart.Data;

namespace Gem.Samples.QuickStart.Experiment;

/// <summary>
/// Everything that determines a quick-start experiment: data, model, warm start, the methods compared, the shared
/// optimiser-step budget, the seeds, evaluation and the calibration check. Validated when built.
/// </summary>
public sealed record ExperimentPlan
{
    private readonly IReadOnlyList<int> _seeds = [1, 2, 3];
    private readonly IReadOnlyList<MethodSpec> _methods = [];
    private readonly int _steps = 60;
    private readonly int _batchSize = 8;
    private readonly int _curvePoints = 3;
    private readonly int _maxNewTokens = 72;

    /// <summary>The task's data.</summary>
    public required QuickStartDataOptions Data { get; init; }

    /// <summary>The model's size.</summary>
    public required ModelShape Model { get; init; }

    /// <summary>The SFT warm start that every method starts from.</summary>
    public required WarmStartOptions WarmStart { get; init; }

    /// <summary>The methods compared; at least one, names distinct.</summary>
    public required IReadOnlyList<MethodSpec> Methods
    {
        get => _methods;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Methods));
            if (value.Count == 0)
                throw new ArgumentException("Methods must hold at least one method; it was empty.", nameof(Methods));
            var duplicate = value.GroupBy(m => m.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
                throw new ArgumentException($"Method names must be distinct; '{duplicate.Key}' occurs {duplicate.Count()} times.", nameof(Methods));
            _methods = [.. value];
        }
    }

    /// <summary>Training seeds (data order and sampling); at least one, distinct.</summary>
    public IReadOnlyList<int> Seeds
    {
        get => _seeds;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Seeds));
            if (value.Count == 0 || value.Distinct().Count() != value.Count)
                throw new ArgumentException($"Seeds must be at least one distinct seed; got [{string.Join(", ", value)}].", nameof(Seeds));
            _seeds = [.. value];
        }
    }

    /// <summary>Optimiser steps per method and seed: the same budget for every method. At least 1.</summary>
    public int Steps
    {
        get => _steps;
        init => _steps = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(Steps), value, "Expected at least 1 step.");
    }

    /// <summary>Preference examples per optimiser step (prompts for GEM, pairs for DPO, chains for SFT). At least 1.</summary>
    public int BatchSize
    {
        get => _batchSize;
        init => _batchSize = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(BatchSize), value, "Expected at least 1.");
    }

    /// <summary>Held-out evaluations during each run besides the final one (for the training-curve chart). At least 0.</summary>
    public int CurvePoints
    {
        get => _curvePoints;
        init => _curvePoints = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(CurvePoints), value, "Expected at least 0.");
    }

    /// <summary>The most tokens generated per completion (sampling and greedy evaluation). At least 8.</summary>
    public int MaxNewTokens
    {
        get => _maxNewTokens;
        init => _maxNewTokens = value >= 8 ? value : throw new ArgumentOutOfRangeException(nameof(MaxNewTokens), value, "Expected at least 8.");
    }

    /// <summary>The calibration check on the warm start, or <c>null</c> to skip it.</summary>
    public CalibrationOptions? Calibration { get; init; }

    /// <summary>Where the warm start is cached (a folder), or <c>null</c> for no cache.</summary>
    public string? CacheDirectory { get; init; }
}
