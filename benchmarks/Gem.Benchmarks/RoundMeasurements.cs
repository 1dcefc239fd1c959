using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Reports;

namespace Gem.Benchmarks;

/// <summary>Per-operation times of the measured (workload, actual) iterations, pooled over the rounds of one case.</summary>
internal static class RoundMeasurements
{
    /// <summary>
    /// Pools, for every method and parameter set (the round aside), the measured iterations of all rounds, in
    /// nanoseconds per operation. <paramref name="key"/> maps a report to the key its rows are pooled under.
    /// </summary>
    public static Dictionary<TKey, List<double>> Pool<TKey>(Summary summary, Func<BenchmarkReport, TKey> key)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(key);
        var pooled = new Dictionary<TKey, List<double>>();
        foreach (var report in summary.Reports)
        {
            var times = report.AllMeasurements
                .Where(m => m.IterationMode == IterationMode.Workload && m.IterationStage == IterationStage.Actual)
                .Select(m => m.Nanoseconds / m.Operations)
                .ToList();
            if (times.Count == 0)
                continue;
            var k = key(report);
            if (!pooled.TryGetValue(k, out var list))
                pooled[k] = list = [];
            list.AddRange(times);
        }

        return pooled;
    }

    /// <summary>The median of <paramref name="values"/> (the mean of the two middle ones for an even count).</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
            throw new ArgumentException("values must not be empty.", nameof(values));
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
