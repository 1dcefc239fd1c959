using System.Globalization;
using Gem.Samples.QuickStart.Cli;
using Gem.Samples.QuickStart.Experiment;
using Gem.Samples.QuickStart.Results;

namespace Gem.Samples.QuickStart;

/// <summary>What <c>./build.sh demo</c> does: run the experiment of the settings, print the table, write the results.</summary>
public static class DemoRun
{
    /// <summary>Runs the demo; returns the exit code.</summary>
    /// <param name="settings">The command line's settings.</param>
    /// <param name="output">Where the table and progress go.</param>
    /// <param name="interactive">Whether <paramref name="output"/> is a terminal (progress bars redraw in place).</param>
    /// <param name="cancellationToken">Stops between steps (Ctrl+C).</param>
    public static int Run(DemoSettings settings, TextWriter output, bool interactive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        var plan = DemoPlan.For(settings);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Gem quick-start ({settings.Mode.ToString().ToLowerInvariant()}): SFT vs DPO vs GEM from one SFT warm start, {plan.Steps} optimiser steps x {plan.BatchSize} examples per method, seeds {string.Join(", ", plan.Seeds)}."));
        output.WriteLine($"Results go to '{Path.GetFullPath(settings.OutputDirectory)}'; warm-start cache: {(settings.CacheDirectory is null ? "off" : $"'{Path.GetFullPath(settings.CacheDirectory)}'")}.");
        output.WriteLine();

        ExperimentReport report;
        try
        {
            report = QuickStartExperiment.Run(plan, new Console.ProgressDisplay(output, interactive), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            output.WriteLine();
            output.WriteLine("Cancelled; no results were written.");
            return 130;
        }

        output.WriteLine();
        output.WriteLine(MarkdownReport.Render(report));
        var written = ResultWriter.Write(report, settings.OutputDirectory);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Wrote {written.Count} files to '{settings.OutputDirectory}' ({string.Join(", ", written.Select(Path.GetFileName))}). Total time {report.TotalSeconds:F0} s."));
        return 0;
    }
}
