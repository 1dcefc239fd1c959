using Gem.Core.Data;
using System.Globalization;
using Gem.Samples.QuickStart.Problems;

namespace Gem.Samples.QuickStart.Data;

/// <summary>Turns problems into preference pairs: chosen = the correct chain, rejected = a flawed chain.</summary>
public static class PreferenceSetBuilder
{
    /// <summary>One pair per problem, the flaw's kind drawn uniformly from <paramref name="kinds"/> (all when <c>null</c>).</summary>
    public static IReadOnlyList<LabelledPreferencePair> Build(IReadOnlyList<WordProblem> problems, Random random, IReadOnlyList<FlawKind>? kinds = null)
    {
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(random);
        var pairs = new LabelledPreferencePair[problems.Count];
        for (var i = 0; i < pairs.Length; i++)
        {
            var problem = problems[i];
            var flaw = FlawedChainGenerator.Generate(problem, random, kinds);
            var example = new PreferenceExample(
                PromptFormat.Prompt(problem),
                PromptFormat.Completion(ChainWriter.Correct(problem)),
                PromptFormat.Completion(flaw.Chain),
                problem.Answer.ToString(CultureInfo.InvariantCulture));
            pairs[i] = new LabelledPreferencePair(example, problem, flaw);
        }

        return pairs;
    }
}
