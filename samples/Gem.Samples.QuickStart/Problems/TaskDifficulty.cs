namespace Gem.Samples.QuickStart.Problems;

/// <summary>
/// How hard the generated problems are: how many steps, and how large the numbers. Validated when built.
/// </summary>
public sealed class TaskDifficulty
{
    /// <summary>The largest number of steps any template has.</summary>
    public const int LongestTemplate = 4;

    /// <summary>Creates a difficulty; throws <see cref="ArgumentOutOfRangeException"/> naming the bad argument.</summary>
    /// <param name="minSteps">Fewest solution steps, in [2, <see cref="LongestTemplate"/>].</param>
    /// <param name="maxSteps">Most solution steps, in [<paramref name="minSteps"/>, <see cref="LongestTemplate"/>].</param>
    /// <param name="maxFactor">Largest factor or divisor stated in a problem, in [3, 20].</param>
    /// <param name="maxAddend">Largest number stated for addition or subtraction, in [5, 100].</param>
    /// <param name="maxValue">Largest value any step may produce, in [20, 1000].</param>
    public TaskDifficulty(int minSteps, int maxSteps, int maxFactor, int maxAddend, int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minSteps, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minSteps, LongestTemplate);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSteps, minSteps);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxSteps, LongestTemplate);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFactor, 3);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxFactor, 20);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAddend, 5);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxAddend, 100);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxValue, 20);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxValue, 1000);
        MinSteps = minSteps;
        MaxSteps = maxSteps;
        MaxFactor = maxFactor;
        MaxAddend = maxAddend;
        MaxValue = maxValue;
    }

    /// <summary>Two-step problems with factors up to 5, addends up to 10, values up to 50.</summary>
    public static TaskDifficulty Easy { get; } = new(2, 2, 5, 10, 50);

    /// <summary>Two to three steps, factors up to 9, addends up to 20, values up to 100 (the demo's default).</summary>
    public static TaskDifficulty Medium { get; } = new(2, 3, 9, 20, 100);

    /// <summary>Two to four steps, factors up to 12, addends up to 30, values up to 200.</summary>
    public static TaskDifficulty Hard { get; } = new(2, 4, 12, 30, 200);

    /// <summary>Fewest solution steps.</summary>
    public int MinSteps { get; }

    /// <summary>Most solution steps.</summary>
    public int MaxSteps { get; }

    /// <summary>Largest factor or divisor stated in a problem (smallest is 2).</summary>
    public int MaxFactor { get; }

    /// <summary>Largest number stated for addition or subtraction (smallest is 2).</summary>
    public int MaxAddend { get; }

    /// <summary>Largest value any step may produce; every step's value is at least 2 (so that units read as plurals).</summary>
    public int MaxValue { get; }

    /// <summary>Looks a preset up by name: <c>easy</c>, <c>medium</c> or <c>hard</c> (case-insensitive).</summary>
    public static TaskDifficulty FromName(string name) => name?.ToUpperInvariant() switch
    {
        "EASY" => Easy,
        "MEDIUM" => Medium,
        "HARD" => Hard,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Expected 'easy', 'medium' or 'hard'."),
    };

    /// <inheritdoc />
    public override string ToString() =>
        $"steps {MinSteps}-{MaxSteps}, factors <= {MaxFactor}, addends <= {MaxAddend}, values <= {MaxValue}";
}
