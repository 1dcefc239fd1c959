using System.Globalization;
using System.Text;
using System.Text.Json;
using Gem.Samples.QuickStart.Cli;
using Gem.Samples.QuickStart.Console;
using Gem.Samples.QuickStart.Experiment;
using Gem.Samples.QuickStart.Results;

namespace Gem.Benchmarks.Quality;

/// <summary>
/// <c>quality</c>: the quick-start experiment (<see cref="QuickStartExperiment"/>) at benchmark size — SFT vs DPO vs GEM
/// with more seeds, the paper's ablations (no fork term, no final term), k ∈ {2, 3, 5, 8} and the four rankers — from
/// the demo's cached warm start, on the demo's data (seed 1234). <c>tune</c> runs the hyperparameter grid on other data
/// (seed 99), so the hyperparameters are never chosen on the data of the table. Writes
/// <c>artifacts/bench/quality/PART.json</c> and <c>.md</c>. Arguments: parts (<c>main</c>, <c>ablations</c>, <c>k</c>,
/// <c>rankers</c>, <c>tune</c>; default all but <c>tune</c>), <c>--seeds N</c> (default 5 for main, 1 for tune, 3 otherwise),
/// <c>--steps N</c> (default 60), <c>--only a,b</c> (run only the named methods of a part). Exit code 0 when GEM meets the paper's margin in answer accuracy (≥ 5 points above
/// DPO and ≥ 10 above SFT) in <c>main</c>, 1 when it does not; the numbers are written either way.
/// </summary>
internal sealed class QualitySuite : IBenchmarkSuite
{
    private static readonly string[] AllParts = ["main", "ablations", "k", "rankers", "tune"];
    private static readonly int[] CandidateCounts = [2, 3, 5, 8];
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <inheritdoc />
    public string Name => "quality";

    /// <inheritdoc />
    public string Description => "SFT vs DPO vs GEM (more seeds), ablations, k sweep, rankers; 'tune' = the tuning grid (--seeds N, --steps N)";

    /// <inheritdoc />
    public int Run(string[] args)
    {
        var parts = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !args[i - 1].StartsWith("--", StringComparison.Ordinal))).ToList();
        if (parts.Count == 0)
            parts = ["main", "ablations", "k", "rankers"];
        var unknown = parts.FirstOrDefault(p => !AllParts.Contains(p));
        if (unknown is not null)
        {
            Console.Error.WriteLine($"error: unknown part '{unknown}'; expected some of: {string.Join(", ", AllParts)}.");
            return 2;
        }

        int? seeds = Option(args, "--seeds"), steps = Option(args, "--steps");
        var onlyAt = Array.IndexOf(args, "--only");
        var only = onlyAt >= 0 && onlyAt + 1 < args.Length ? args[onlyAt + 1].Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal) : null;
        if (seeds is < 1 || steps is < 1)
        {
            Console.Error.WriteLine("error: --seeds and --steps need a positive integer.");
            return 2;
        }

        var folder = Directory.CreateDirectory(Path.Combine(Program.ArtifactsDirectory, "quality")).FullName;
        var exit = 0;
        foreach (var part in parts)
        {
            var plan = Plan(part, seeds, steps ?? 60);
            if (only is not null)
            {
                var kept = plan.Methods.Where(m => only.Contains(m.Name)).ToList();
                if (kept.Count == 0)
                {
                    Console.Error.WriteLine($"error: --only names none of {part}'s methods: {string.Join(", ", plan.Methods.Select(m => m.Name))}.");
                    return 2;
                }

                plan = plan with { Methods = kept };
            }

            Console.WriteLine($"== quality/{part}: {plan.Methods.Count} methods x {plan.Seeds.Count} seeds x {plan.Steps} steps, data seed {plan.Data.Seed}");
            var report = QuickStartExperiment.Run(plan, new ProgressDisplay(Console.Out, !Console.IsOutputRedirected));
            var rows = ResultRows.From(report);
            var summaries = MethodSummary.Of(rows);
            var markdown = new StringBuilder()
                .AppendLine(CultureInfo.InvariantCulture, $"# quality/{part}")
                .AppendLine()
                .Append(MarkdownReport.Render(report));
            if (part == "main" && summaries.Select(x => x.Method).Intersect(["sft", "dpo", "gem"]).Count() == 3)
            {
                var verdict = Verdict(summaries);
                markdown.AppendLine().AppendLine(verdict.Text);
                if (!verdict.Met)
                    exit = 1;
            }

            File.WriteAllText(Path.Combine(folder, part + ".md"), markdown.ToString());
            File.WriteAllText(Path.Combine(folder, part + ".json"), JsonSerializer.Serialize(new
            {
                part,
                dataSeed = plan.Data.Seed,
                steps = plan.Steps,
                seeds = plan.Seeds,
                warmStartAnswerAccuracy = report.WarmStartScores.AnswerAccuracy,
                methods = plan.Methods.Select(m => new { name = m.Name, description = m.Describe() }),
                rows,
                summaries,
                calibration = report.Calibration,
                totalSeconds = report.TotalSeconds,
            }, s_json));
            Console.WriteLine(markdown.ToString());
        }

        Console.WriteLine($"Results in {folder}");
        return exit;
    }

    /// <summary>The experiment of one part.</summary>
    internal static ExperimentPlan Plan(string part, int? seeds, int steps)
    {
        var demo = new DemoSettings(DemoMode.Default, seeds: null, steps: steps, DemoCommand.DefaultOutput,
            part == "tune" ? 99 : DemoCommand.DefaultDataSeed, Path.Combine(Program.RepositoryRoot, DemoCommand.DefaultCache));
        var baseline = DemoPlan.For(demo);
        var gem = DefaultMethods.Gem;
        IReadOnlyList<MethodSpec> methods = part switch
        {
            "main" => DefaultMethods.All,
            // The paper's ablations, from its full score: both terms, no fork term (the tuned default), no final term.
            "ablations" => [DefaultMethods.GemPaperScore, gem with { Name = "gem-no-fork" }, DefaultMethods.GemPaperScore with { Name = "gem-no-final", UseFinalEntropy = false }],
            "k" => [.. CandidateCounts.Select(k => gem with { Name = $"gem-k{k}", Candidates = k })],
            "rankers" => [.. Enum.GetValues<RankerChoice>().Select(r => gem with { Name = $"gem-{r.ToString().ToLowerInvariant()}", Ranker = r })],
            "tune" => TuningGrid(),
            _ => throw new ArgumentOutOfRangeException(nameof(part), part, "Unknown part."),
        };
        return baseline with
        {
            Methods = methods,
            Seeds = Enumerable.Range(1, seeds ?? (part == "main" ? 5 : part == "tune" ? 1 : 3)).ToList(),
            CurvePoints = part == "main" ? 3 : 0,
            Calibration = part is "main" or "tune" ? baseline.Calibration : null,
        };
    }

    /// <summary>The same tuning effort for every method: three learning rates each, plus the method's own key knobs.</summary>
    internal static IReadOnlyList<MethodSpec> TuningGrid()
    {
        double[] rates = [3e-5, 1e-4, 3e-4, 1e-3, 3e-3];
        var grid = new List<MethodSpec>();
        foreach (var lr in rates)
            grid.Add(DefaultMethods.Sft with { Name = GridName("sft", lr), LearningRate = lr });
        foreach (var lr in rates)
            grid.Add(DefaultMethods.Dpo with { Name = GridName("dpo", lr), LearningRate = lr });
        foreach (var lr in rates)
            grid.Add(DefaultMethods.Gem with { Name = GridName("gem", lr), LearningRate = lr });
        // The method-specific knobs at the two lowest rates: β for DPO (and the IPO loss); λ (fork term off) and τ for GEM.
        foreach (var lr in rates.Take(2))
        {
            grid.Add(DefaultMethods.Dpo with { Name = GridName("dpo-beta0.5", lr), LearningRate = lr, Beta = 0.5 });
            grid.Add(DefaultMethods.Dpo with { Name = GridName("ipo", lr), LearningRate = lr, Loss = Gem.Sega.Objectives.DpoLoss.Ipo });
            grid.Add(DefaultMethods.Gem with { Name = GridName("gem-lambda0", lr), LearningRate = lr, UseForkTerm = false });
            grid.Add(DefaultMethods.Gem with { Name = GridName("gem-lambda0-tau0.7", lr), LearningRate = lr, UseForkTerm = false, Temperature = 0.7 });
        }

        return grid;
    }

    private static string GridName(string method, double lr) => string.Create(CultureInfo.InvariantCulture, $"{method}-lr{lr:0.#####}");

    private static (bool Met, string Text) Verdict(IReadOnlyList<MethodSummary> summaries)
    {
        double Mean(string method) => summaries.Single(s => s.Method == method).AnswerAccuracy.Mean * 100;
        double gem = Mean("gem"), dpo = Mean("dpo"), sft = Mean("sft");
        var met = gem - dpo >= 5 && gem - sft >= 10;
        return (met, string.Create(CultureInfo.InvariantCulture,
            $"The paper's margin (GEM ≥ DPO + 5 and ≥ SFT + 10 points of answer accuracy): {(met ? "met" : "NOT met")} — GEM {gem:F1}, DPO {dpo:F1} ({gem - dpo:+0.0;-0.0}), SFT {sft:F1} ({gem - sft:+0.0;-0.0})."));
    }

    private static int? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) ? value : at >= 0 ? -1 : null;
    }
}
