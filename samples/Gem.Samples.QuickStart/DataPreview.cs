using System.Diagnostics;
using Gem.Samples.QuickStart.Cli;
using Gem.Samples.QuickStart.Data;
using Gem.Core.Evaluation;
using Gem.Samples.QuickStart.Tokenization;

namespace Gem.Samples.QuickStart;

/// <summary>
/// The demo's first stage: builds the task's data and tokenizer and shows them. Training (SFT warm start,
/// SFT / DPO / GEM runs, the results table and charts) is added with the trainer integration.
/// </summary>
public static class DataPreview
{
    /// <summary>Builds and prints the data for <paramref name="settings"/>; returns the exit code.</summary>
    public static int Run(DemoSettings settings, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        var clock = Stopwatch.StartNew();
        var data = settings.Data;
        output.WriteLine($"Gem quick-start ({settings.Mode.ToString().ToLowerInvariant()} mode): {settings.Seeds} seeds x {settings.Steps} steps per method, output '{settings.OutputDirectory}'");
        output.WriteLine($"Task: multi-step arithmetic word problems, difficulty {data.Difficulty}, data seed {data.Seed}");
        output.WriteLine();

        var dataset = QuickStartDataset.Create(data);
        var tokenizer = TaskTokenizer.Default;
        output.WriteLine($"Data (built in {clock.Elapsed.TotalSeconds:F1} s):");
        output.WriteLine($"  SFT demonstrations  {dataset.Demonstrations.Count,5}  ({dataset.Demonstrations.Count(d => !d.IsCorrect)} with a realistic mistake, {data.FlawedDemonstrationFraction:P0} asked)");
        output.WriteLine($"  preference pairs    {dataset.TrainingPairs.Count,5}  (chosen = correct chain, rejected = flawed chain)");
        output.WriteLine($"  held-out problems   {dataset.HeldOutPairs.Count,5}  (no text shared with the sets above)");
        var kinds = dataset.TrainingPairs.GroupBy(p => p.Flaw.Kind).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}");
        output.WriteLine($"  rejected-side flaws: {string.Join(", ", kinds)}");
        var steps = dataset.TrainingPairs.GroupBy(p => p.Problem.Steps.Count).OrderBy(g => g.Key).Select(g => $"{g.Key} steps {g.Count()}");
        output.WriteLine($"  problem lengths: {string.Join(", ", steps)}");
        output.WriteLine();

        foreach (var pair in dataset.TrainingPairs.Take(3))
        {
            output.WriteLine($"[{pair.Problem.TemplateName}] {pair.Example.Prompt.Replace("\n", "\n  ", StringComparison.Ordinal)}");
            output.WriteLine($"  chosen:  {pair.Example.Chosen.Trim()}");
            output.WriteLine($"  rejected ({pair.Flaw.Kind}{(pair.Flaw.StepIndex is { } s ? $", step {s + 1}" : string.Empty)}): {pair.Example.Rejected.Trim()}");
            output.WriteLine();
        }

        var texts = dataset.Demonstrations.Select(d => d.Prompt + d.Completion)
            .Concat(dataset.TrainingPairs.Concat(dataset.HeldOutPairs).SelectMany(p => new[] { p.Example.Prompt + p.Example.Chosen, p.Example.Prompt + p.Example.Rejected }))
            .ToList();
        var lengths = new List<int>(texts.Count);
        var roundTrips = 0;
        foreach (var text in texts)
        {
            var ids = tokenizer.EncodeToIds(text);
            lengths.Add(ids.Count + 2);
            roundTrips += tokenizer.Decode(ids) == text ? 1 : 0;
        }

        output.WriteLine($"Tokenizer: {tokenizer.GetType().Name} (Microsoft.ML.Tokenizers), {tokenizer.VocabularySize} tokens, PAD {tokenizer.PadId} BOS {tokenizer.BosId} EOS {tokenizer.EosId}");
        output.WriteLine($"  sequence length with BOS/EOS: mean {lengths.Average():F1}, max {lengths.Max()} over {texts.Count} texts; exact round trips {roundTrips}/{texts.Count}");
        var sample = dataset.TrainingPairs[0].Example.Chosen;
        output.WriteLine($"  '{sample.Trim()}' -> {string.Join('|', tokenizer.EncodeToTokens(sample, out _).Select(t => t.Value))}");

        // A check of the data, not a model result: the answer extractor reads the gold answer from every chosen chain and never from a rejected one.
        var chosenRight = dataset.TrainingPairs.Count(p => AnswerExtractor.IsCorrect(p.Example.Chosen, p.Example.GoldAnswer));
        var rejectedRight = dataset.TrainingPairs.Count(p => AnswerExtractor.IsCorrect(p.Example.Rejected, p.Example.GoldAnswer));
        output.WriteLine($"  answer extraction on the pairs: chosen correct {chosenRight}/{dataset.TrainingPairs.Count}, rejected correct {rejectedRight}/{dataset.TrainingPairs.Count}");
        output.WriteLine();
        output.WriteLine("Not implemented yet: the reference Llama, the SFT warm start and the SFT / DPO / GEM runs. This stage only builds");
        output.WriteLine("and shows the task's data; no model was trained and no results were written.");
        return 0;
    }
}
