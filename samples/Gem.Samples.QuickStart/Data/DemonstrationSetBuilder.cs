using Gem.Samples.QuickStart.Problems;

namespace Gem.Samples.QuickStart.Data;

/// <summary>
/// Turns problems into SFT demonstrations of which exactly <c>round(fraction · count)</c> carry a realistic
/// mistake, so that the warm-started model makes such mistakes and alignment has room to help.
/// </summary>
public static class DemonstrationSetBuilder
{
    /// <summary>Builds the demonstrations; which ones are flawed is drawn from <paramref name="random"/>.</summary>
    /// <param name="problems">The problems, one demonstration each.</param>
    /// <param name="flawedFraction">The fraction with a flawed chain, in [0, 1].</param>
    /// <param name="random">The source of every choice.</param>
    public static IReadOnlyList<Demonstration> Build(IReadOnlyList<WordProblem> problems, double flawedFraction, Random random)
    {
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(random);
        if (flawedFraction is not (>= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(flawedFraction), flawedFraction, "Expected a fraction in [0, 1].");
        }

        var flawedCount = (int)Math.Round(flawedFraction * problems.Count, MidpointRounding.AwayFromZero);
        var order = Enumerable.Range(0, problems.Count).ToArray();
        random.Shuffle(order);
        var flawed = order.Take(flawedCount).ToHashSet();

        var demonstrations = new Demonstration[problems.Count];
        for (var i = 0; i < demonstrations.Length; i++)
        {
            var problem = problems[i];
            if (flawed.Contains(i))
            {
                var flaw = FlawedChainGenerator.Generate(problem, random);
                demonstrations[i] = new Demonstration(PromptFormat.Prompt(problem), PromptFormat.Completion(flaw.Chain), problem, flaw.Kind);
            }
            else
            {
                demonstrations[i] = new Demonstration(PromptFormat.Prompt(problem), PromptFormat.Completion(ChainWriter.Correct(problem)), problem, null);
            }
        }

        return demonstrations;
    }
}
