using System.CommandLine;
using Gem.Core.Generation;
using Gem.Entropy.Scoring;
using Gem.Samples.Common;
using Gem.Samples.Llama.Model;
using Gem.Samples.Llama.Tokenization;

namespace Gem.Samples.Pretrained.Cli;

/// <summary>
/// The sample's command line (System.CommandLine):
/// <c>generate --greedy --max-new-tokens 256</c> prints only the completion (compare with stories260K.md);
/// <c>candidates --prompt "Once upon a time" -k 4</c> samples k candidates and prints each with its GEM score and parts;
/// <c>train --steps 12</c> runs a few GEM steps and prints each step's metrics and how the scores moved.
/// </summary>
public static class PretrainedCommand
{
    /// <summary>Builds the root command; every command writes its report to <paramref name="output"/>.</summary>
    /// <param name="output">Standard output, or a writer a test reads.</param>
    /// <returns>The root command; parse and invoke it.</returns>
    public static RootCommand Create(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var dataDir = new Option<string?>("--data-dir") { Description = "The shared data folder (default: GEM_DATA_DIR, else ../shared/data beside the repository)." };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "A llama2.c checkpoint (default: stories260K/stories260K.bin in the data folder)." };
        var tokenizerPath = new Option<string?>("--tokenizer") { Description = "A llama2.c tokenizer (default: stories260K/tok512.bin in the data folder)." };
        var deviceName = new Option<string>("--device") { Description = "cpu or cuda.", DefaultValueFactory = _ => "cpu" }.AcceptOnlyFromAmong("cpu", "cuda");
        var dtypeName = new Option<string>("--dtype") { Description = "float32 or bfloat16.", DefaultValueFactory = _ => "float32" }.AcceptOnlyFromAmong("float32", "bfloat16");
        var seed = new Option<long>("--seed") { Description = "Seed of the sampling generator.", DefaultValueFactory = _ => 1L };
        var threads = new Option<int>("--threads") { Description = "CPU threads for libtorch (stories260K gains nothing from more than one).", DefaultValueFactory = _ => TorchThreads.Default }.AtLeast(1);

        (LlamaForCausalLM Model, Llama2CTokenizer Tokenizer) Load(ParseResult result)
        {
            TorchThreads.Set(result.GetValue(threads));
            return Stories260K.Load(
                result.GetValue(dataDir), result.GetValue(checkpoint), result.GetValue(tokenizerPath),
                Stories260K.ParseDType(result.GetValue(dtypeName)!), Stories260K.ParseDevice(result.GetValue(deviceName)!));
        }

        // generate
        var prompt = new Option<string>("--prompt") { Description = "The prompt (encoded after BOS, as llama2.c's run does).", DefaultValueFactory = _ => "" };
        var maxNewTokens = new Option<int>("--max-new-tokens") { Description = "Tokens to generate at most.", DefaultValueFactory = _ => 256 }.AtLeast(1);
        var greedy = new Option<bool>("--greedy") { Description = "Greedy arg-max decoding (temperature 0)." };
        var generateTemperature = new Option<double>("--temperature") { Description = "Sampling temperature when not greedy.", DefaultValueFactory = _ => 1.0 }.Positive();
        var generate = new Command("generate", "Generate one completion and print only its text on standard output.")
        {
            dataDir, checkpoint, tokenizerPath, deviceName, dtypeName, threads, prompt, maxNewTokens, seed, greedy, generateTemperature,
        };
        generate.SetAction(result =>
        {
            var (model, tokenizer) = Load(result);
            using (model)
            {
                var temperature = result.GetValue(greedy) ? 0.0 : result.GetValue(generateTemperature);
                output.Write(StoryGeneration.Generate(model, tokenizer, result.GetValue(prompt)!, result.GetValue(maxNewTokens), temperature, result.GetValue(seed)));
                output.Write('\n'); // llama2.c's run ends with a newline
            }

            return 0;
        });

        // candidates
        var count = new Option<int>("--count", "-k") { Description = "Candidates k to sample.", DefaultValueFactory = _ => 4 }.AtLeast(1);
        var candidateTemperature = new Option<double>("--temperature") { Description = "Sampling temperature τ.", DefaultValueFactory = _ => 0.9 }.Positive();
        var candidateTokens = new Option<int>("--max-new-tokens") { Description = "Tokens per candidate at most.", DefaultValueFactory = _ => 64 }.AtLeast(1);
        var candidatePrompt = new Option<string>("--prompt") { Description = "The prompt.", DefaultValueFactory = _ => "Once upon a time" };
        var lambda = new Option<double>("--lambda") { Description = "λ, the weight of the fork term F.", DefaultValueFactory = _ => 1.0 };
        var rho = new Option<double>("--rho") { Description = "ρ, the share of reasoning tokens whose largest entropies make F.", DefaultValueFactory = _ => 0.1 };
        var candidates = new Command("candidates", "Sample k candidates for a prompt and print each with its GEM score S = −H_final + λ·F and its parts.")
        {
            dataDir, checkpoint, tokenizerPath, deviceName, dtypeName, threads, candidatePrompt, candidateTokens, seed, count, candidateTemperature, lambda, rho,
        };
        candidates.SetAction(result =>
        {
            var (model, tokenizer) = Load(result);
            using (model)
            {
                var generation = new GenerationOptions
                {
                    CandidatesPerPrompt = result.GetValue(count), Temperature = result.GetValue(candidateTemperature),
                    MaxNewTokens = result.GetValue(candidateTokens), StopTokenIds = Stories260K.StopTokenIds, Seed = result.GetValue(seed),
                };
                CandidatesReport.Run(model, tokenizer, result.GetValue(candidatePrompt)!, generation, ScorerOptions(result, lambda, rho), output);
            }

            return 0;
        });

        // train
        var defaults = new StoryTrainingSettings();
        var steps = new Option<int>("--steps") { Description = "GEM steps to take.", DefaultValueFactory = _ => defaults.Steps }.AtLeast(1);
        var trainK = new Option<int>("--count", "-k") { Description = "Candidates k per prompt in each step (a group without a human pair needs two).", DefaultValueFactory = _ => defaults.CandidatesPerPrompt }.AtLeast(2);
        var trainTokens = new Option<int>("--max-new-tokens") { Description = "Tokens per candidate at most.", DefaultValueFactory = _ => defaults.MaxNewTokens }.AtLeast(1);
        var learningRate = new Option<double>("--learning-rate") { Description = "AdamW's learning rate.", DefaultValueFactory = _ => defaults.LearningRate }.Positive();
        var batchSize = new Option<int>("--batch-size") { Description = "Prompts per step.", DefaultValueFactory = _ => defaults.BatchSize }.AtLeast(1);
        var prompts = new Option<string[]>("--prompt") { Description = "A story opening to train on (repeat the option for several; default: six built-in openings).", AllowMultipleArgumentsPerToken = false };
        var train = new Command("train", "Run a few GEM steps on stories260K and print each step's metrics and how the scores moved.")
        {
            dataDir, checkpoint, tokenizerPath, deviceName, dtypeName, threads, seed, steps, trainK, trainTokens, learningRate, batchSize, prompts, lambda, rho,
        };
        train.SetAction((result, cancellationToken) =>
        {
            var (model, tokenizer) = Load(result);
            using (model)
            {
                var given = result.GetValue(prompts);
                var settings = new StoryTrainingSettings
                {
                    Prompts = given is { Length: > 0 } ? given : StoryTrainingSettings.DefaultPrompts,
                    Steps = result.GetValue(steps), CandidatesPerPrompt = result.GetValue(trainK), MaxNewTokens = result.GetValue(trainTokens),
                    LearningRate = result.GetValue(learningRate), BatchSize = result.GetValue(batchSize), Seed = result.GetValue(seed),
                };
                StoryTraining.Run(model, tokenizer, settings, ScorerOptions(result, lambda, rho), output, cancellationToken);
            }

            return Task.FromResult(0);
        });

        return new RootCommand("Gem's pretrained-model sample: stories260K (llama2.c) through the reference Llama and Gem's generator, scorer and trainer.")
        {
            generate, candidates, train,
        };
    }

    private static EntropyGuidedScorerOptions ScorerOptions(ParseResult result, Option<double> lambda, Option<double> rho) =>
        new() { Lambda = result.GetValue(lambda), ForkFraction = result.GetValue(rho) };
}
