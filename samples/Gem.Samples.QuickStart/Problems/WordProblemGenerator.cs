namespace Gem.Samples.QuickStart.Problems;

/// <summary>
/// Draws word problems from a seed: the same seed and difficulty give the same sequence of problems
/// (System.Random with a seed is deterministic across runs and platforms).
/// </summary>
public sealed class WordProblemGenerator
{
    private const int MaxAttemptsPerProblem = 10_000;
    private readonly Random _random;
    private readonly ProblemTemplate[] _templates;

    /// <summary>Creates a generator.</summary>
    /// <param name="seed">The seed of the generator's own <see cref="Random"/>.</param>
    /// <param name="difficulty">How many steps and how large the numbers; <see cref="TaskDifficulty.Medium"/> when <c>null</c>.</param>
    public WordProblemGenerator(int seed, TaskDifficulty? difficulty = null)
    {
        Difficulty = difficulty ?? TaskDifficulty.Medium;
        _random = new Random(seed);
        _templates = ProblemTemplates.All
            .Where(t => t.StepCount >= Difficulty.MinSteps && t.StepCount <= Difficulty.MaxSteps)
            .ToArray();
        if (_templates.Length == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(difficulty), Difficulty.ToString(), "No template has a step count in the difficulty's range.");
        }
    }

    /// <summary>The difficulty problems are drawn at.</summary>
    public TaskDifficulty Difficulty { get; }

    /// <summary>The templates in use (those whose step count the difficulty allows).</summary>
    public IReadOnlyList<ProblemTemplate> Templates => _templates;

    /// <summary>Draws the next problem: a template uniformly, then its numbers until every constraint holds.</summary>
    public WordProblem Next()
    {
        var template = _templates[_random.Next(_templates.Length)];
        for (var attempt = 0; attempt < MaxAttemptsPerProblem; attempt++)
        {
            if (template.TryCreate(_random, Difficulty) is { } problem)
            {
                return problem;
            }
        }

        throw new InvalidOperationException(
            $"Template '{template.Name}' found no numbers within {MaxAttemptsPerProblem} draws at difficulty ({Difficulty}); loosen the difficulty.");
    }

    /// <summary>Draws <paramref name="count"/> problems whose texts are all different.</summary>
    /// <param name="count">How many, at least 0.</param>
    /// <param name="exclude">Problem texts not to return (e.g. a held-out set's); may be <c>null</c>.</param>
    public IReadOnlyList<WordProblem> NextDistinct(int count, IReadOnlySet<string>? exclude = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<WordProblem>(count);
        var draws = 0;
        while (problems.Count < count)
        {
            if (++draws > 100 * (count + 10))
            {
                throw new InvalidOperationException(
                    $"Only {problems.Count} distinct problems of {count} requested after {draws - 1} draws at difficulty ({Difficulty}).");
            }

            var problem = Next();
            if ((exclude is null || !exclude.Contains(problem.Text)) && seen.Add(problem.Text))
            {
                problems.Add(problem);
            }
        }

        return problems;
    }
}
