using System.CommandLine;

namespace Gem.Samples.QuickStart.Cli;

/// <summary>The demo's command line (System.CommandLine), with <c>--help</c>.</summary>
public static class DemoCommand
{
    /// <summary>The default output folder.</summary>
    public const string DefaultOutput = "artifacts/demo";

    /// <summary>The default folder of the warm-start cache.</summary>
    public const string DefaultCache = "artifacts/cache/quickstart";

    /// <summary>The default difficulty of the problems.</summary>
    public const string DefaultDifficulty = "easy";

    /// <summary>The default number of warm-start steps.</summary>
    public const int DefaultWarmStartSteps = 400;

    /// <summary>The default data seed.</summary>
    public const int DefaultDataSeed = 1234;

    /// <summary>Builds the root command; <paramref name="run"/> receives the validated settings and returns the exit code.</summary>
    public static RootCommand Create(Func<DemoSettings, int> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var quick = new Option<bool>("--quick") { Description = "A short run: about 2 minutes on 2 CPU cores." };
        var full = new Option<bool>("--full") { Description = "A longer run: more seeds, steps and data." };
        var seeds = new Option<int?>("--seeds") { Description = "Training seeds per method (default: 2 quick, 3 default, 5 full).", HelpName = "count" };
        var steps = new Option<int?>("--steps") { Description = "Optimiser steps per method and seed, the same for SFT, DPO and GEM (default: 20 quick, 60 default, 200 full).", HelpName = "count" };
        var output = new Option<string>("--output", "-o") { Description = "Folder for results.json, the Markdown table and the charts.", DefaultValueFactory = _ => DefaultOutput, HelpName = "folder" };
        var cache = new Option<string>("--cache") { Description = "Folder where the SFT warm start is cached and reused by later runs.", DefaultValueFactory = _ => DefaultCache, HelpName = "folder" };
        var noCache = new Option<bool>("--no-cache") { Description = "Train the warm start afresh and do not cache it." };
        var difficulty = new Option<string>("--difficulty") { Description = "Problem difficulty: easy, medium or hard.", DefaultValueFactory = _ => DefaultDifficulty, HelpName = "level" };
        difficulty.AcceptOnlyFromAmong("easy", "medium", "hard");
        var warmStartSteps = new Option<int?>("--warm-start-steps") { Description = $"Optimiser steps of the SFT warm start (default {DefaultWarmStartSteps}).", HelpName = "count" };
        var dataSeed = new Option<int>("--data-seed") { Description = "Seed of the synthetic task's data.", DefaultValueFactory = _ => DefaultDataSeed, HelpName = "seed" };

        var root = new RootCommand("Gem quick-start: SFT vs DPO vs GEM on a synthetic multi-step arithmetic task, on a CPU in minutes.")
        {
            quick, full, seeds, steps, output, cache, noCache, difficulty, warmStartSteps, dataSeed,
        };
        output.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>()))
            {
                result.AddError("--output must be a folder path; it was empty.");
            }
        });
        root.Validators.Add(result =>
        {
            if (result.GetValue(quick) && result.GetValue(full))
            {
                result.AddError("--quick and --full cannot be used together.");
            }

            if (result.GetValue(seeds) is < 1)
            {
                result.AddError($"--seeds must be at least 1; it was {result.GetValue(seeds)}.");
            }

            if (result.GetValue(warmStartSteps) is < 1)
            {
                result.AddError($"--warm-start-steps must be at least 1; it was {result.GetValue(warmStartSteps)}.");
            }

            if (result.GetValue(steps) is < 1)
            {
                result.AddError($"--steps must be at least 1; it was {result.GetValue(steps)}.");
            }
        });
        root.SetAction(parse =>
        {
            var mode = parse.GetValue(quick) ? DemoMode.Quick : parse.GetValue(full) ? DemoMode.Full : DemoMode.Default;
            var settings = new DemoSettings(mode, parse.GetValue(seeds), parse.GetValue(steps), parse.GetValue(output)!, parse.GetValue(dataSeed),
                parse.GetValue(noCache) ? null : parse.GetValue(cache))
            {
                Difficulty = Problems.TaskDifficulty.FromName(parse.GetValue(difficulty)!),
                WarmStartSteps = parse.GetValue(warmStartSteps) ?? DefaultWarmStartSteps,
            };
            return run(settings);
        });
        return root;
    }
}
