using System.Text.Json;
using System.Text.Json.Serialization;
using Gem.Samples.QuickStart.Experiment;

namespace Gem.Samples.QuickStart.Results;

/// <summary>
/// Writes an experiment's outputs into a folder: <c>results.json</c> (one row per method and seed),
/// <c>calibration.json</c>, <c>summary.json</c> (per-method mean and spread, the warm start, curves), <c>results.md</c>
/// and the PNG charts.
/// </summary>
public static class ResultWriter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Writes everything; returns the paths written.</summary>
    public static IReadOnlyList<string> Write(ExperimentReport report, string folder)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Directory.CreateDirectory(folder);
        var rows = ResultRows.From(report);
        var written = new List<string>
        {
            WriteJson(Path.Combine(folder, "results.json"), rows),
            WriteJson(Path.Combine(folder, "summary.json"), new
            {
                steps = report.Plan.Steps,
                batchSize = report.Plan.BatchSize,
                seeds = report.Plan.Seeds,
                parameterCount = report.ParameterCount,
                warmStart = new
                {
                    key = report.WarmStart.Key,
                    fromCache = report.WarmStart.FromCache,
                    trainingSeconds = report.WarmStart.TrainingTime.TotalSeconds,
                    answerAccuracy = report.WarmStartScores.AnswerAccuracy,
                    preference = report.WarmStartScores.Preference,
                },
                methods = report.Plan.Methods.Select(m => new { name = m.Name, description = m.Describe() }),
                summaries = MethodSummary.Of(rows),
                curves = report.Runs.Select(r => new { method = r.Method, seed = r.Seed, points = r.Curve }),
                totalSeconds = report.TotalSeconds,
            }),
        };
        if (report.Calibration is { } calibration)
            written.Add(WriteJson(Path.Combine(folder, "calibration.json"), calibration));
        var markdown = Path.Combine(folder, "results.md");
        File.WriteAllText(markdown, "# Gem quick-start results\n\n" + MarkdownReport.Render(report));
        written.Add(markdown);
        written.AddRange(Charts.Write(report, folder));
        return written;
    }

    private static string WriteJson<T>(string path, T value)
    {
        File.WriteAllText(path, JsonSerializer.Serialize(value, Json));
        return path;
    }
}
