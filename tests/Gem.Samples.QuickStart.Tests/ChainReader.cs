using System.Globalization;
using System.Text.RegularExpressions;

namespace Gem.Samples.QuickStart.Tests;

/// <summary>An independent reader of chain texts: equations and final answer, re-evaluated with long arithmetic.</summary>
internal static partial class ChainReader
{
    public sealed record Equation(long Left, char Op, long Right, long Result)
    {
        public long? TrueResult => Op switch
        {
            '+' => Left + Right,
            '-' => Left - Right,
            '*' => Left * Right,
            '/' => Right != 0 && Left % Right == 0 ? Left / Right : null,
            _ => null,
        };

        public bool IsRight => TrueResult == Result;
    }

    public sealed record Chain(IReadOnlyList<Equation> Equations, long? Final);

    public static Chain Read(string text)
    {
        var equations = EquationPattern().Matches(text)
            .Select(m => new Equation(
                long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
                m.Groups[2].Value[0],
                long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture),
                long.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture)))
            .ToList();
        var final = FinalPattern().Match(text);
        return new Chain(equations, final.Success ? long.Parse(final.Groups[1].Value, CultureInfo.InvariantCulture) : null);
    }

    public static IReadOnlyList<long> NumbersIn(string text) =>
        NumberPattern().Matches(text).Select(m => long.Parse(m.Value, CultureInfo.InvariantCulture)).ToList();

    /// <summary>The index of the first equation with an operand that is neither stated in the problem nor written earlier; null when all are grounded.</summary>
    public static int? FirstUngrounded(Chain chain, IReadOnlyList<long> stated)
    {
        var known = new HashSet<long>(stated);
        for (var i = 0; i < chain.Equations.Count; i++)
        {
            var e = chain.Equations[i];
            if (!known.Contains(e.Left) || !known.Contains(e.Right))
            {
                return i;
            }

            known.Add(e.Result);
        }

        return null;
    }

    [GeneratedRegex(@"(\d+) ([-+*/]) (\d+) = (\d+)")]
    private static partial Regex EquationPattern();

    [GeneratedRegex(@"The answer is (\d+)\.$")]
    private static partial Regex FinalPattern();

    [GeneratedRegex(@"\d+")]
    private static partial Regex NumberPattern();
}
