using Gem.Samples.QuickStart.Experiment;
using ScottPlot;

namespace Gem.Samples.QuickStart.Results;

/// <summary>The experiment's PNG charts (ScottPlot): final accuracies, held-out accuracy during training, each method's loss.</summary>
public static class Charts
{
    private const int Width = 900;
    private const int Height = 520;

    /// <summary>Writes every chart into <paramref name="folder"/>; returns the paths written.</summary>
    public static IReadOnlyList<string> Write(ExperimentReport report, string folder)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Directory.CreateDirectory(folder);
        var written = new List<string>
        {
            AccuracyBars(report, Path.Combine(folder, "answer-accuracy.png")),
            AccuracyCurves(report, Path.Combine(folder, "answer-accuracy-during-training.png")),
        };
        foreach (var method in report.Plan.Methods)
            written.Add(Losses(report, method.Name, Path.Combine(folder, $"loss-{method.Name}.png")));
        return written;
    }

    /// <summary>Final held-out answer accuracy per method, mean ± standard deviation over seeds, beside the warm start.</summary>
    private static string AccuracyBars(ExperimentReport report, string path)
    {
        var summaries = MethodSummary.Of(ResultRows.From(report));
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var bars = new List<Bar>
        {
            new() { Position = 0, Value = report.WarmStartScores.AnswerAccuracy * 100, FillColor = Colors.Gray, Label = Label(report.WarmStartScores.AnswerAccuracy) },
        };
        for (var i = 0; i < summaries.Count; i++)
        {
            var s = summaries[i].AnswerAccuracy;
            bars.Add(new Bar
            {
                Position = i + 1,
                Value = s.Mean * 100,
                Error = s.StandardDeviation * 100,
                FillColor = palette.GetColor(i),
                Label = Label(s.Mean),
            });
        }

        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = 16;
        plot.Axes.Bottom.SetTicks(
            Enumerable.Range(0, summaries.Count + 1).Select(i => (double)i).ToArray(),
            ["warm start", .. summaries.Select(s => $"{s.Method} ({s.Seeds} seed{(s.Seeds == 1 ? "" : "s")})")]);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 16;
        plot.Axes.Margins(bottom: 0, top: 0.15);
        plot.Title($"Held-out answer accuracy after {report.Plan.Steps} steps (mean ± sd)");
        plot.YLabel("answer accuracy (%)");
        plot.SavePng(path, Width, Height);
        return path;
    }

    /// <summary>Held-out answer accuracy against optimiser steps, mean over seeds (thin lines: each seed).</summary>
    private static string AccuracyCurves(ExperimentReport report, string path)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var methods = report.Plan.Methods.Select(m => m.Name).ToList();
        for (var i = 0; i < methods.Count; i++)
        {
            var runs = report.Runs.Where(r => r.Method == methods[i]).ToList();
            if (runs.Count == 0)
                continue;
            var color = palette.GetColor(i);
            foreach (var run in runs)
            {
                var seedLine = plot.Add.Scatter(run.Curve.Select(p => (double)p.Step).ToArray(), run.Curve.Select(p => p.AnswerAccuracy * 100).ToArray());
                seedLine.Color = color.WithAlpha(0.3);
                seedLine.MarkerSize = 0;
                seedLine.LineWidth = 1;
            }

            var steps = runs[0].Curve.Select(p => (double)p.Step).ToArray();
            var mean = steps.Select((_, j) => runs.Average(r => r.Curve[j].AnswerAccuracy) * 100).ToArray();
            var line = plot.Add.Scatter(steps, mean);
            line.Color = color;
            line.LineWidth = 3;
            line.MarkerSize = 8;
            line.LegendText = methods[i];
        }

        plot.Title("Held-out answer accuracy during training (mean over seeds; thin: each seed)");
        plot.XLabel("optimiser step");
        plot.YLabel("answer accuracy (%)");
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, Width, Height);
        return path;
    }

    /// <summary>A method's training loss per step, one line per seed.</summary>
    private static string Losses(ExperimentReport report, string method, string path)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var runs = report.Runs.Where(r => r.Method == method).ToList();
        for (var i = 0; i < runs.Count; i++)
        {
            var losses = runs[i].Losses;
            var line = plot.Add.Scatter(Enumerable.Range(1, losses.Count).Select(s => (double)s).ToArray(), losses.ToArray());
            line.Color = palette.GetColor(i);
            line.MarkerSize = 0;
            line.LegendText = $"seed {runs[i].Seed}";
        }

        plot.Title($"{method}: training loss per step");
        plot.XLabel("optimiser step");
        plot.YLabel("loss");
        if (runs.Count > 0)
            plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, Width, Height);
        return path;
    }

    private static string Label(double accuracy) => (accuracy * 100).ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + "%";
}
