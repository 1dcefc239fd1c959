using System.Text.Json;
using Gem.Samples.QuickStart.Data;
using Gem.Samples.QuickStart.Experiment;
using Gem.Samples.QuickStart.Results;

namespace Gem.Samples.QuickStart.Tests.Experiment;

/// <summary>The whole experiment at a tiny size (seconds): every stage runs the library's real components.</summary>
public sealed class EndToEndTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gem-quickstart-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private ExperimentPlan TinyPlan() => new()
    {
        Data = new QuickStartDataOptions { Seed = 5, DemonstrationCount = 24, PreferencePairCount = 6, HeldOutCount = 5 },
        Model = ModelShape.Tiny,
        WarmStart = new WarmStartOptions(steps: 3, batchSize: 8, learningRate: 3e-3, seed: 1),
        Methods = [DefaultMethods.Sft, DefaultMethods.Dpo, DefaultMethods.Gem with { Candidates = 2 }],
        Seeds = [1, 2],
        Steps = 2,
        BatchSize = 2,
        CurvePoints = 1,
        MaxNewTokens = 12,
        Calibration = new CalibrationOptions(prompts: 3, candidates: 2, temperature: 1.0, seed: 3),
        CacheDirectory = Path.Combine(_folder, "cache"),
    };

    [Fact]
    public void The_experiment_writes_results_calibration_markdown_and_charts_and_a_cached_rerun_reproduces_them()
    {
        var progress = new List<ExperimentProgress>();
        var first = QuickStartExperiment.Run(TinyPlan(), new SynchronousProgress<ExperimentProgress>(progress.Add));
        Assert.False(first.WarmStart.FromCache);
        Assert.Contains(progress, p => p.Stage.StartsWith("gem seed 2", StringComparison.Ordinal) && p.Finished);
        Assert.Equal(6, progress.Count(p => p.Finished && p.Stage.Contains(" seed ", StringComparison.Ordinal)));

        var output = Path.Combine(_folder, "out");
        var written = ResultWriter.Write(first, output);
        foreach (var name in new[] { "results.json", "calibration.json", "summary.json", "results.md", "answer-accuracy.png", "answer-accuracy-during-training.png", "loss-gem.png" })
            Assert.Contains(Path.Combine(output, name), written);

        // results.json: an array of {method, seed, answerAccuracy, preferenceAccuracy, seconds} with accuracies in [0, 1].
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "results.json")));
        Assert.Equal(JsonValueKind.Array, results.RootElement.ValueKind);
        Assert.Equal(6, results.RootElement.GetArrayLength());
        foreach (var row in results.RootElement.EnumerateArray())
        {
            Assert.Contains(row.GetProperty("method").GetString(), new[] { "sft", "dpo", "gem" });
            Assert.Contains(row.GetProperty("seed").GetInt32(), new[] { 1, 2 });
            Assert.InRange(row.GetProperty("answerAccuracy").GetDouble(), 0, 1);
            Assert.InRange(row.GetProperty("preferenceAccuracy").GetDouble(), 0, 1);
            Assert.InRange(row.GetProperty("lengthNormalizedPreferenceAccuracy").GetDouble(), 0, 1);
            Assert.InRange(row.GetProperty("gemScorePreferenceAccuracy").GetDouble(), 0, 1);
            Assert.True(row.GetProperty("seconds").GetDouble() >= 0);
        }

        // Five held-out problems: answer accuracy is a multiple of 1/5, preference accuracy of 1/10 (a tie counts ½).
        foreach (var row in results.RootElement.EnumerateArray())
        {
            var answer = row.GetProperty("answerAccuracy").GetDouble() * 5;
            Assert.Equal(Math.Round(answer), answer, 9);
            var preference = row.GetProperty("preferenceAccuracy").GetDouble() * 10;
            Assert.Equal(Math.Round(preference), preference, 9);
        }

        using var calibration = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "calibration.json")));
        var c = calibration.RootElement;
        Assert.Equal(3, c.GetProperty("prompts").GetInt32());
        Assert.Equal(2, c.GetProperty("candidatesPerPrompt").GetInt32());
        Assert.InRange(c.GetProperty("randomPickAccuracy").GetDouble(), 0, 1);
        Assert.InRange(c.GetProperty("oracleAccuracy").GetDouble(), c.GetProperty("randomPickAccuracy").GetDouble(), 1);
        var scores = c.GetProperty("scores").EnumerateArray().ToList();
        Assert.Equal(["gem", "neg-final-entropy", "fork-term", "mean-log-prob"], scores.Select(s => s.GetProperty("name").GetString()));
        foreach (var s in scores)
        {
            Assert.InRange(s.GetProperty("bestOfKAccuracy").GetDouble(), 0, c.GetProperty("oracleAccuracy").GetDouble() + 1e-12);
            if (s.GetProperty("auroc").ValueKind == JsonValueKind.Number)
                Assert.InRange(s.GetProperty("auroc").GetDouble(), 0, 1);
        }

        var markdown = File.ReadAllText(Path.Combine(output, "results.md"));
        Assert.Contains("| method | answer accuracy | preference accuracy |", markdown, StringComparison.Ordinal);
        foreach (var method in new[] { "| warm start (reference) |", "| sft |", "| dpo |", "| gem |" })
            Assert.Contains(method, markdown, StringComparison.Ordinal);

        foreach (var png in written.Where(p => p.EndsWith(".png", StringComparison.Ordinal)))
        {
            var bytes = File.ReadAllBytes(png);
            Assert.True(bytes.Length > 2000, $"{png} has only {bytes.Length} bytes");
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        }

        // The same plan again: the warm start comes from the cache, and every number but the time is reproduced.
        var second = QuickStartExperiment.Run(TinyPlan());
        Assert.True(second.WarmStart.FromCache);
        Assert.Equal(first.WarmStart.Weights, second.WarmStart.Weights);
        Assert.Equal(first.WarmStartScores, second.WarmStartScores);
        Assert.Equal(first.Calibration!.Scores, second.Calibration!.Scores);
        Assert.Equal(first.Runs.Select(r => (r.Method, r.Seed, r.Scores)), second.Runs.Select(r => (r.Method, r.Seed, r.Scores)));
        Assert.Equal(first.Runs.SelectMany(r => r.Losses), second.Runs.SelectMany(r => r.Losses));
    }

    [Fact]
    public void The_cache_key_changes_with_what_determines_the_warm_start_and_only_with_it()
    {
        var plan = TinyPlan();
        var tokenizer = Gem.Samples.QuickStart.Tokenization.TaskTokenizer.Default;
        var data = QuickStartDataset.Create(plan.Data);
        var key = WarmStart.Key(plan, tokenizer, data);
        Assert.Equal(key, WarmStart.Key(plan with { Steps = 99, Seeds = [7] }, tokenizer, QuickStartDataset.Create(plan.Data)));
        Assert.NotEqual(key, WarmStart.Key(plan with { WarmStart = new WarmStartOptions(4, 8, 3e-3, 1) }, tokenizer, data));
        Assert.NotEqual(key, WarmStart.Key(plan with { Model = ModelShape.Small }, tokenizer, data));
        var otherData = QuickStartDataset.Create(new QuickStartDataOptions { Seed = 6, DemonstrationCount = 24, PreferencePairCount = 6, HeldOutCount = 5 });
        Assert.NotEqual(key, WarmStart.Key(plan, tokenizer, otherData));
    }
}
