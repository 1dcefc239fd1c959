using System.Collections.Immutable;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Running;

namespace Gem.Benchmarks;

/// <summary>
/// Runs the cases that share their parameters (all but <see cref="RoundParameter"/>) together, round by round: for each
/// parameter set, round 1 of every method, then round 2 of every method, and so on. On a machine shared with other work
/// the load drifts over minutes; interleaving rounds spreads that drift over all methods instead of letting it land on
/// whichever method ran during a busy minute, so that ratios within one run mean something.
/// </summary>
internal sealed class RoundRobinOrderer : DefaultOrderer
{
    /// <summary>The name of the parameter that numbers the rounds.</summary>
    public const string RoundParameter = "Round";

    /// <inheritdoc />
    public override IEnumerable<BenchmarkCase> GetExecutionOrder(ImmutableArray<BenchmarkCase> benchmarkCases, IEnumerable<BenchmarkLogicalGroupRule>? order = null)
    {
        var groups = new List<string>();
        foreach (var c in benchmarkCases)
        {
            var key = ParameterKey(c);
            if (!groups.Contains(key))
                groups.Add(key);
        }

        return benchmarkCases
            .OrderBy(c => groups.IndexOf(ParameterKey(c)))
            .ThenBy(Round)
            .ThenBy(c => c.Descriptor.MethodIndex)
            .ToList();
    }

    /// <summary>The case's round (1 when it has no round parameter).</summary>
    public static int Round(BenchmarkCase benchmarkCase)
    {
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        return benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == RoundParameter)?.Value is int r ? r : 1;
    }

    private static string ParameterKey(BenchmarkCase c) =>
        string.Join(";", c.Parameters.Items.Where(p => p.Name != RoundParameter).Select(p => $"{p.Name}={p.Value}"));
}
