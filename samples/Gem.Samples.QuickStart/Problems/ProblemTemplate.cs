namespace Gem.Samples.QuickStart.Problems;

/// <summary>A kind of word problem with a fixed number of steps.</summary>
public sealed class ProblemTemplate
{
    private readonly Func<Random, TaskDifficulty, WordProblem?> _tryCreate;

    /// <summary>Creates a template.</summary>
    /// <param name="name">A short kebab-case name.</param>
    /// <param name="stepCount">How many steps its solutions have.</param>
    /// <param name="tryCreate">Draws one problem, or <c>null</c> when the drawn numbers break a constraint of the difficulty (the caller draws again).</param>
    public ProblemTemplate(string name, int stepCount, Func<Random, TaskDifficulty, WordProblem?> tryCreate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(stepCount, 1);
        ArgumentNullException.ThrowIfNull(tryCreate);
        Name = name;
        StepCount = stepCount;
        _tryCreate = tryCreate;
    }

    /// <summary>The template's name.</summary>
    public string Name { get; }

    /// <summary>How many steps its solutions have.</summary>
    public int StepCount { get; }

    /// <summary>Draws one problem from <paramref name="random"/>; <c>null</c> when the draw breaks a constraint.</summary>
    public WordProblem? TryCreate(Random random, TaskDifficulty difficulty) => _tryCreate(random, difficulty);

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({StepCount} steps)";
}
