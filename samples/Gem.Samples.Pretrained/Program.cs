using System.CommandLine;
using System.Globalization;
using Gem.Entropy.Statistics;
using Gem.Samples.Llama.Checkpoints;
using Gem.Samples.Llama.Model;
using Gem.Samples.Llama.Tokenization;
using Gem.Samples.Pretrained;
using TorchSharp;
using static TorchSharp.torch;

// The pretrained-model sample: Karpathy's stories260K (llama2.c) through Gem's reference Llama.
//   generate --greedy --max-new-tokens 256        prints only the completion (compare with stories260K.md)
//   candidates --prompt "Once upon a time" -k 4   samples k candidates and prints each with its GEM score and parts

var dataDir = new Option<string?>("--data-dir") { Description = "The shared data folder (default: GEM_DATA_DIR, else ../shared/data beside the repository)." };
var checkpoint = new Option<string?>("--checkpoint") { Description = "A llama2.c checkpoint (default: stories260K/stories260K.bin in the data folder)." };
var tokenizerPath = new Option<string?>("--tokenizer") { Description = "A llama2.c tokenizer (default: stories260K/tok512.bin in the data folder)." };
var deviceName = new Option<string>("--device") { Description = "cpu or cuda.", DefaultValueFactory = _ => "cpu" };
var dtypeName = new Option<string>("--dtype") { Description = "float32 or bfloat16.", DefaultValueFactory = _ => "float32" };
var prompt = new Option<string>("--prompt") { Description = "The prompt (encoded after BOS, as llama2.c's run does).", DefaultValueFactory = _ => "" };
var maxNewTokens = new Option<int>("--max-new-tokens") { Description = "Tokens to generate at most.", DefaultValueFactory = _ => 256 };
var seed = new Option<ulong>("--seed") { Description = "Seed of the sampling generator.", DefaultValueFactory = _ => 1UL };

var greedy = new Option<bool>("--greedy") { Description = "Greedy argmax decoding (temperature 0)." };
var generateTemperature = new Option<double>("--temperature") { Description = "Sampling temperature when not greedy.", DefaultValueFactory = _ => 1.0 };
var generate = new Command("generate", "Generate one completion and print only its text on standard output.")
{
    dataDir, checkpoint, tokenizerPath, deviceName, dtypeName, prompt, maxNewTokens, seed, greedy, generateTemperature,
};
generate.SetAction(result =>
{
    var (model, tokenizer) = Load(result);
    using (model)
    {
        var promptIds = tokenizer.EncodeToIds(result.GetValue(prompt)!);
        var temperature = result.GetValue(greedy) ? 0.0 : result.GetValue(generateTemperature);
        var completion = SimpleSampler.Sample(model, promptIds, 1, result.GetValue(maxNewTokens), temperature, result.GetValue(seed), StopIds())[0];
        Console.Out.Write(CompletionText(tokenizer, promptIds, completion));
        Console.Out.Write('\n'); // as llama2.c's run prints a newline at the end
    }
    return 0;
});

var count = new Option<int>("--count", "-k") { Description = "Candidates k to sample.", DefaultValueFactory = _ => 4 };
var candidateTemperature = new Option<double>("--temperature") { Description = "Sampling temperature τ.", DefaultValueFactory = _ => 0.9 };
var candidateTokens = new Option<int>("--max-new-tokens") { Description = "Tokens per candidate at most.", DefaultValueFactory = _ => 64 };
var candidatePrompt = new Option<string>("--prompt") { Description = "The prompt.", DefaultValueFactory = _ => "Once upon a time" };
var lambda = new Option<double>("--lambda") { Description = "λ, the weight of the reasoning-peak term F.", DefaultValueFactory = _ => 1.0 };
var rho = new Option<double>("--rho") { Description = "ρ, the fraction of reasoning tokens whose largest entropies make F.", DefaultValueFactory = _ => 0.1 };
var candidates = new Command("candidates", "Sample k candidates for a prompt and print each with its GEM score S = −H_final + λ·F and its parts.")
{
    dataDir, checkpoint, tokenizerPath, deviceName, dtypeName, candidatePrompt, candidateTokens, seed, count, candidateTemperature, lambda, rho,
};
candidates.SetAction(result =>
{
    var (model, tokenizer) = Load(result);
    using (model)
    {
        var promptText = result.GetValue(candidatePrompt)!;
        var promptIds = tokenizer.EncodeToIds(promptText);
        var k = result.GetValue(count);
        var sampled = SimpleSampler.Sample(model, promptIds, k, result.GetValue(candidateTokens), result.GetValue(candidateTemperature), result.GetValue(seed), StopIds());
        Console.WriteLine($"Prompt: \"{promptText}\" — {k} candidates at τ = {result.GetValue(candidateTemperature).ToString(CultureInfo.InvariantCulture)}, λ = {result.GetValue(lambda).ToString(CultureInfo.InvariantCulture)}, ρ = {result.GetValue(rho).ToString(CultureInfo.InvariantCulture)}");
        var scored = sampled.Select((completion, i) => (Index: i + 1, Completion: completion,
                Parts: completion.Length == 0 ? null : GemScoreSketch.Score(Entropies(model, promptIds, completion), result.GetValue(lambda), result.GetValue(rho))))
            .OrderByDescending(c => c.Parts?.Score ?? double.NegativeInfinity).ToList();
        foreach (var (index, completion, parts) in scored)
        {
            Console.WriteLine();
            if (parts is null)
            {
                Console.WriteLine($"candidate {index}: empty completion, no score");
                continue;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"candidate {index}: S = {parts.Score:F4}   H_final = {parts.FinalEntropy:F4} (answer: last {parts.AnswerTokens} tokens)   F = {parts.ReasoningPeak:F4} (top {parts.PeakCount} of {parts.ReasoningTokens} reasoning tokens)   {completion.Length} tokens"));
            Console.WriteLine("  " + promptText + CompletionText(tokenizer, promptIds, completion).Replace("\n", "\n  ", StringComparison.Ordinal));
        }
    }
    return 0;
});

var root = new RootCommand("Gem's pretrained-model sample: stories260K through the reference Llama.") { generate, candidates };
return root.Parse(args).Invoke();

(LlamaForCausalLM Model, Llama2CTokenizer Tokenizer) Load(ParseResult result)
{
    var directory = result.GetValue(dataDir);
    var modelPath = DataLocation.File(result.GetValue(checkpoint), directory, Path.Combine("stories260K", "stories260K.bin"));
    var tokenizerFile = DataLocation.File(result.GetValue(tokenizerPath), directory, Path.Combine("stories260K", "tok512.bin"));
    var device = result.GetValue(deviceName) switch
    {
        "cpu" => torch.CPU,
        "cuda" when torch.cuda.is_available() => torch.CUDA,
        "cuda" => throw new InvalidOperationException("--device cuda: CUDA is not available (this build uses the TorchSharp backend chosen by TorchBackend)."),
        var other => throw new ArgumentException($"--device must be cpu or cuda; it was '{other}'."),
    };
    var dtype = result.GetValue(dtypeName) switch
    {
        "float32" => ScalarType.Float32,
        "bfloat16" => ScalarType.BFloat16,
        var other => throw new ArgumentException($"--dtype must be float32 or bfloat16; it was '{other}'."),
    };
    return (Llama2CCheckpoint.Load(modelPath, dtype, device), Llama2CTokenizer.Load(tokenizerFile));
}

// llama2.c's run stops when the model produces BOS; EOS ends a story as well.
static int[] StopIds() => [Llama2CTokenizer.BeginningOfSentenceId, Llama2CTokenizer.EndOfSentenceId];

static string CompletionText(Llama2CTokenizer tokenizer, IReadOnlyList<int> promptIds, int[] completion)
{
    var promptText = tokenizer.Decode(promptIds);
    var full = tokenizer.Decode(promptIds.Concat(completion));
    return full.StartsWith(promptText, StringComparison.Ordinal) ? full[promptText.Length..] : full;
}

// Per-token entropies (nats, fp32) of the completion under the model, from one teacher-forced forward:
// the logits at positions P−1 … P+n−2 predict completion tokens 1 … n.
static float[] Entropies(LlamaForCausalLM model, IReadOnlyList<int> promptIds, int[] completion)
{
    using var noGrad = torch.no_grad();
    using var scope = torch.NewDisposeScope();
    var ids = torch.tensor(promptIds.Concat(completion).Select(i => (long)i).ToArray(), device: model.Device).view(1, -1);
    var logits = model.call(ids, null).narrow(1, promptIds.Count - 1, completion.Length);
    return TokenStatistics.Entropy(logits).cpu().data<float>().ToArray();
}
