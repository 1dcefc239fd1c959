using System.Globalization;
using System.Text;
using Gem.Samples.QuickStart.Calibration;
using Gem.Samples.QuickStart.Experiment;

namespace Gem.Samples.QuickStart.Results;

/// <summary>The experiment's table (and the calibration check) as Markdown, printed and written to <c>results.md</c>.</summary>
public static class MarkdownReport
{
    /// <summary>The report's Markdown.</summary>
    public static string Render(ExperimentReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var plan = report.Plan;
        var rows = ResultRows.From(report);
        var summaries = MethodSummary.Of(rows);
        var text = new StringBuilder();
        var data = plan.Data;
        Line(text, $"Task: arithmetic word problems ({data.Difficulty}); {data.PreferencePairCount} preference pairs, {data.HeldOutCount} held-out problems, data seed {data.Seed}.");
        Line(text, $"Model: Llama, {report.ParameterCount:N0} parameters, warm-started by SFT on {data.DemonstrationCount} demonstrations ({data.FlawedDemonstrationFraction:P0} with a mistake){(report.WarmStart.FromCache ? " (read from the cache)" : "")}.");
        Line(text, $"Budget per method and seed: {plan.Steps} optimiser steps of {plan.BatchSize} examples; seeds {string.Join(", ", plan.Seeds)}. Mean ± sample standard deviation over seeds.");
        text.AppendLine();
        Line(text, $"| method | answer accuracy | preference accuracy | pref. acc. (mean log-lik.) | pref. acc. (GEM score) | training time (s) |");
        text.AppendLine("|---|---|---|---|---|---|");
        var w = report.WarmStartScores;
        Line(text, $"| warm start (reference) | {Percent(w.AnswerAccuracy)} | {Percent(w.Preference.ImplicitRewardAccuracy)} (by definition) | {Percent(w.Preference.LengthNormalizedAccuracy)} | {Percent(w.Preference.GemScoreAccuracy)} | — |");
        foreach (var s in summaries)
        {
            Line(text, $"| {s.Method} | {Percent(s.AnswerAccuracy)} | {Percent(s.PreferenceAccuracy)} | {Percent(s.LengthNormalizedPreferenceAccuracy)} | {Percent(s.GemScorePreferenceAccuracy)} | {s.Seconds.Mean:F1} |");
        }

        text.AppendLine();
        Line(text, $"Answer accuracy: greedy completion, number after the last `The answer is`, exact match. Preference accuracy: share of held-out pairs whose correct chain scores above the flawed one under DPO's implicit reward β(ℓ − ℓ_ref) with the warm start as reference (ties count ½); the next two columns use the mean token log-likelihood and the GEM score instead.");
        text.AppendLine();
        Line(text, $"Methods: {string.Join("; ", plan.Methods.Select(m => $"{m.Name}: {m.Describe()}"))}.");
        if (report.Calibration is { } c)
        {
            text.AppendLine();
            text.Append(RenderCalibration(c));
        }

        return text.ToString();
    }

    /// <summary>The calibration check as Markdown.</summary>
    public static string RenderCalibration(CalibrationReport c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var text = new StringBuilder();
        Line(text, $"Calibration of the score on held-out prompts ({c.Model}, {c.Prompts} prompts × k = {c.CandidatesPerPrompt} samples at τ = {c.Temperature:G3}; {Percent(c.AnswerFoundFraction)} of samples state an answer):");
        Line(text, $"a random sample is correct {Percent(c.RandomPickAccuracy)} of the time, at least one of the k is correct for {Percent(c.OracleAccuracy)} of prompts.");
        text.AppendLine();
        text.AppendLine("| pick the sample with the highest | accuracy of that pick | AUROC for correctness | AUROC within a prompt |");
        text.AppendLine("|---|---|---|---|");
        foreach (var s in c.Scores)
        {
            Line(text, $"| {Describe(s.Name)} | {Percent(s.BestOfKAccuracy)} | {Optional(s.Auroc)} | {Optional(s.WithinGroupAuroc)} |");
        }

        return text.ToString();
    }

    private static string Describe(string score) => score switch
    {
        "gem" => "GEM score S = −H_final + λ·F",
        "neg-final-entropy" => "−H_final (answer entropy only)",
        "fork-term" => "F (fork term only)",
        "mean-log-prob" => "mean token log-probability",
        _ => score,
    };

    private static string Percent(double value) => value.ToString("P1", CultureInfo.InvariantCulture);

    private static string Percent(Spread s) => s.StandardDeviation == 0
        ? Percent(s.Mean)
        : string.Create(CultureInfo.InvariantCulture, $"{s.Mean * 100:F1} ± {s.StandardDeviation * 100:F1} %");

    private static string Optional(double? value) => value is { } v ? v.ToString("F3", CultureInfo.InvariantCulture) : "n/a";

    private static void Line(StringBuilder text, FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
}
