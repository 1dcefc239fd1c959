using Gem.Samples.QuickStart.Data;
using Gem.Samples.QuickStart.Problems;

namespace Gem.Samples.QuickStart.Cli;

/// <summary>
/// The demo's settings after the command line: a mode's defaults with the user's overrides. Validated when built.
/// </summary>
public sealed class DemoSettings
{
    /// <summary>Creates settings; throws <see cref="ArgumentOutOfRangeException"/> naming the bad value.</summary>
    /// <param name="mode">The run length.</param>
    /// <param name="seeds">Training seeds per method, at least 1; the mode's default when <c>null</c>.</param>
    /// <param name="steps">Optimiser steps per method and seed, at least 1; the mode's default when <c>null</c>.</param>
    /// <param name="outputDirectory">Where the table, JSON and charts go.</param>
    /// <param name="dataSeed">The seed of the task's data.</param>
    /// <param name="cacheDirectory">Where the warm start is cached; <c>null</c> for no cache.</param>
    public DemoSettings(DemoMode mode, int? seeds, int? steps, string outputDirectory, int dataSeed, string? cacheDirectory = DemoCommand.DefaultCache)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        if (seeds is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(seeds), seeds, "Expected at least 1 seed.");
        }

        if (steps is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), steps, "Expected at least 1 optimiser step.");
        }

        Mode = mode;
        Seeds = seeds ?? mode switch { DemoMode.Quick => 2, DemoMode.Full => 5, _ => 3 };
        Steps = steps ?? mode switch { DemoMode.Quick => 20, DemoMode.Full => 200, _ => 60 };
        OutputDirectory = outputDirectory;
        DataSeed = dataSeed;
        CacheDirectory = cacheDirectory;
        _data = new QuickStartDataOptions
        {
            Seed = dataSeed,
            DemonstrationCount = 3000,
            FlawedDemonstrationFraction = 0.3,
            PreferencePairCount = mode switch { DemoMode.Quick => 128, DemoMode.Full => 512, _ => 256 },
            HeldOutCount = mode == DemoMode.Full ? 500 : 200,
        };
    }

    /// <summary>The run length.</summary>
    public DemoMode Mode { get; }

    /// <summary>Training seeds per method.</summary>
    public int Seeds { get; }

    /// <summary>Optimiser steps per method and seed (the same budget for SFT, DPO and GEM).</summary>
    public int Steps { get; }

    /// <summary>Where results go (default <c>artifacts/demo</c>).</summary>
    public string OutputDirectory { get; }

    /// <summary>The seed of the task's data.</summary>
    public int DataSeed { get; }

    /// <summary>Where the warm start is cached (<c>null</c>: no cache).</summary>
    public string? CacheDirectory { get; }

    private readonly QuickStartDataOptions _data;
    private readonly int _warmStartSteps = DemoCommand.DefaultWarmStartSteps;

    /// <summary>The data sizes for this mode, at <see cref="Difficulty"/>.</summary>
    public QuickStartDataOptions Data => new()
    {
        Seed = _data.Seed,
        Difficulty = Difficulty,
        DemonstrationCount = _data.DemonstrationCount,
        FlawedDemonstrationFraction = _data.FlawedDemonstrationFraction,
        PreferencePairCount = _data.PreferencePairCount,
        HeldOutCount = _data.HeldOutCount,
    };

    /// <summary>How hard the problems are (default easy).</summary>
    public TaskDifficulty Difficulty { get; init; } = TaskDifficulty.FromName(DemoCommand.DefaultDifficulty);

    /// <summary>Optimiser steps of the warm start; at least 1.</summary>
    public int WarmStartSteps
    {
        get => _warmStartSteps;
        init => _warmStartSteps = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(WarmStartSteps), value, "Expected at least 1 step.");
    }
}
