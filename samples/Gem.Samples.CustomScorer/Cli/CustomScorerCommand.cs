using System.CommandLine;
using Gem.Samples.Common;

namespace Gem.Samples.CustomScorer.Cli;

/// <summary>The sample's command line (System.CommandLine): one command, its settings as options, <c>--help</c>.</summary>
public static class CustomScorerCommand
{
    /// <summary>Builds the root command; the report goes to <paramref name="output"/>.</summary>
    /// <param name="output">Standard output, or a writer a test reads.</param>
    /// <returns>The root command; parse and invoke it.</returns>
    public static RootCommand Create(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var defaults = new CustomScorerSettings();
        var dataDir = new Option<string?>("--data-dir") { Description = "The shared data folder (default: GEM_DATA_DIR, else ../shared/data beside the repository)." };
        var deviceName = new Option<string>("--device") { Description = "cpu or cuda.", DefaultValueFactory = _ => "cpu" }.AcceptOnlyFromAmong("cpu", "cuda");
        var spreadWeight = new Option<double>("--spread-weight", "-g") { Description = "γ, the weight of the answer's entropy spread σ_answer.", DefaultValueFactory = _ => defaults.SpreadWeight };
        var steps = new Option<int>("--steps") { Description = "GEM steps with the custom scorer.", DefaultValueFactory = _ => defaults.Steps }.AtLeast(1);
        var count = new Option<int>("--count", "-k") { Description = "Candidates k per prompt in each step (a group without a human pair needs two).", DefaultValueFactory = _ => defaults.CandidatesPerPrompt }.AtLeast(2);
        var maxNewTokens = new Option<int>("--max-new-tokens") { Description = "Tokens per candidate at most.", DefaultValueFactory = _ => defaults.MaxNewTokens }.AtLeast(1);
        var learningRate = new Option<double>("--learning-rate") { Description = "AdamW's learning rate.", DefaultValueFactory = _ => defaults.LearningRate }.Positive();
        var threads = new Option<int>("--threads") { Description = "CPU threads for libtorch (stories260K gains nothing from more than one).", DefaultValueFactory = _ => TorchThreads.Default }.AtLeast(1);
        var seed = new Option<long>("--seed") { Description = "Seed of the sampling and of the data order.", DefaultValueFactory = _ => defaults.Seed };
        var root = new RootCommand("Gem's custom-scorer sample: your own IEntropyScorer (GEM score − γ·σ_answer) beside the library's, then plugged into GemTrainer on stories260K.")
        {
            dataDir, deviceName, threads, spreadWeight, steps, count, maxNewTokens, learningRate, seed,
        };
        root.SetAction((result, cancellationToken) =>
        {
            var settings = new CustomScorerSettings
            {
                SpreadWeight = result.GetValue(spreadWeight), Steps = result.GetValue(steps), CandidatesPerPrompt = result.GetValue(count),
                MaxNewTokens = result.GetValue(maxNewTokens), LearningRate = result.GetValue(learningRate), Seed = result.GetValue(seed),
            };
            TorchThreads.Set(result.GetValue(threads));
            var (model, tokenizer) = Stories260K.Load(result.GetValue(dataDir), device: Stories260K.ParseDevice(result.GetValue(deviceName)!));
            using (model)
                CustomScorerDemo.Run(model, tokenizer, settings, output, cancellationToken);
            return Task.FromResult(0);
        });
        return root;
    }
}
