using Gem.Samples.QuickStart.Experiment;

namespace Gem.Samples.QuickStart.Results;

/// <summary>Turns an experiment's runs into <see cref="ResultRow"/>s.</summary>
public static class ResultRows
{
    /// <summary>One row per run, in run order.</summary>
    public static IReadOnlyList<ResultRow> From(ExperimentReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Runs.Select(r => new ResultRow(
            r.Method,
            r.Seed,
            r.Scores.AnswerAccuracy,
            r.Scores.Preference.ImplicitRewardAccuracy,
            Math.Round(r.TrainingSeconds, 2),
            r.Scores.Preference.LengthNormalizedAccuracy,
            r.Scores.Preference.GemScoreAccuracy,
            r.Scores.AnswerFound,
            report.Plan.Steps)).ToList();
    }
}
