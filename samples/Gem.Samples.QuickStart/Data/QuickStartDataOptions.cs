using Gem.Samples.QuickStart.Problems;

namespace Gem.Samples.QuickStart.Data;

/// <summary>Sizes and seed of the quick-start's data. Validated when built.</summary>
public sealed class QuickStartDataOptions
{
    private readonly int _demonstrationCount = 2000;
    private readonly double _flawedDemonstrationFraction = 0.3;
    private readonly int _preferencePairCount = 256;
    private readonly int _heldOutCount = 200;
    private readonly TaskDifficulty _difficulty = TaskDifficulty.Medium;

    /// <summary>The seed all data is drawn from.</summary>
    public int Seed { get; init; } = 1234;

    /// <summary>How hard the problems are; default <see cref="TaskDifficulty.Medium"/>.</summary>
    public TaskDifficulty Difficulty
    {
        get => _difficulty;
        init => _difficulty = value ?? throw new ArgumentNullException(nameof(Difficulty));
    }

    /// <summary>SFT demonstrations for the warm start; at least 0, default 2000.</summary>
    public int DemonstrationCount
    {
        get => _demonstrationCount;
        init => _demonstrationCount = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(DemonstrationCount), value, "Expected at least 0.");
    }

    /// <summary>The fraction of demonstrations whose chain contains a realistic mistake; in [0, 1], default 0.3.</summary>
    public double FlawedDemonstrationFraction
    {
        get => _flawedDemonstrationFraction;
        init => _flawedDemonstrationFraction = value is >= 0 and <= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(FlawedDemonstrationFraction), value, "Expected a fraction in [0, 1].");
    }

    /// <summary>Training preference pairs (the few-shot set); at least 1, default 256.</summary>
    public int PreferencePairCount
    {
        get => _preferencePairCount;
        init => _preferencePairCount = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(PreferencePairCount), value, "Expected at least 1.");
    }

    /// <summary>Held-out problems (with a pair each, for preference accuracy); at least 1, default 200.</summary>
    public int HeldOutCount
    {
        get => _heldOutCount;
        init => _heldOutCount = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(HeldOutCount), value, "Expected at least 1.");
    }
}
