namespace Gem.Samples.QuickStart.Results;

/// <summary>A value over seeds: mean, sample standard deviation (0 for one seed), minimum and maximum.</summary>
/// <param name="Mean">The mean.</param>
/// <param name="StandardDeviation">The sample standard deviation (n − 1 in the denominator); 0 for a single value.</param>
/// <param name="Min">The smallest value.</param>
/// <param name="Max">The largest value.</param>
public sealed record Spread(double Mean, double StandardDeviation, double Min, double Max)
{
    /// <summary>The spread of <paramref name="values"/> (at least one).</summary>
    public static Spread Of(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
            throw new ArgumentException("Expected at least one value; there were none.", nameof(values));
        var mean = values.Average();
        var sd = values.Count == 1 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        return new Spread(mean, sd, values.Min(), values.Max());
    }
}

/// <summary>One method over its seeds.</summary>
/// <param name="Method">The method.</param>
/// <param name="Seeds">How many seeds.</param>
/// <param name="AnswerAccuracy">Held-out answer accuracy.</param>
/// <param name="PreferenceAccuracy">Held-out preference accuracy (implicit reward).</param>
/// <param name="LengthNormalizedPreferenceAccuracy">Held-out preference accuracy (mean log-likelihood).</param>
/// <param name="GemScorePreferenceAccuracy">Held-out preference accuracy (GEM score).</param>
/// <param name="Seconds">Training seconds.</param>
public sealed record MethodSummary(
    string Method,
    int Seeds,
    Spread AnswerAccuracy,
    Spread PreferenceAccuracy,
    Spread LengthNormalizedPreferenceAccuracy,
    Spread GemScorePreferenceAccuracy,
    Spread Seconds)
{
    /// <summary>Summaries of <paramref name="rows"/> per method, in the order the methods first appear.</summary>
    public static IReadOnlyList<MethodSummary> Of(IReadOnlyList<ResultRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.GroupBy(r => r.Method, StringComparer.Ordinal)
            .Select(g => new MethodSummary(
                g.Key,
                g.Count(),
                Spread.Of(g.Select(r => r.AnswerAccuracy).ToList()),
                Spread.Of(g.Select(r => r.PreferenceAccuracy).ToList()),
                Spread.Of(g.Select(r => r.LengthNormalizedPreferenceAccuracy).ToList()),
                Spread.Of(g.Select(r => r.GemScorePreferenceAccuracy).ToList()),
                Spread.Of(g.Select(r => r.Seconds).ToList())))
            .ToList();
    }
}
