using Gem.Samples.Llama.Checkpoints;
using Gem.Samples.Llama.Model;
using Gem.Samples.Llama.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Samples.Common;

/// <summary>
/// Karpathy's stories260K (llama2.c) from the shared data folder: the model through Gem's reference Llama, its
/// 512-piece tokenizer, and the stop tokens llama2.c's <c>run</c> honours.
/// </summary>
public static class Stories260K
{
    /// <summary>The checkpoint's path inside the data folder.</summary>
    public static readonly string CheckpointFile = Path.Combine("stories260K", "stories260K.bin");

    /// <summary>The tokenizer's path inside the data folder.</summary>
    public static readonly string TokenizerFile = Path.Combine("stories260K", "tok512.bin");

    /// <summary>llama2.c's <c>run</c> stops when the model produces BOS; EOS ends a story as well.</summary>
    public static IReadOnlyList<int> StopTokenIds { get; } = [Llama2CTokenizer.BeginningOfSentenceId, Llama2CTokenizer.EndOfSentenceId];

    /// <summary>Loads the model (in eval mode) and the tokenizer.</summary>
    /// <param name="dataDirectory">The data folder, or <see langword="null"/> to search for it (<see cref="SharedData.Directory"/>).</param>
    /// <param name="checkpointPath">A llama2.c checkpoint instead of stories260K, or <see langword="null"/>.</param>
    /// <param name="tokenizerPath">A llama2.c tokenizer instead of tok512, or <see langword="null"/>.</param>
    /// <param name="dtype">Parameter dtype: float32 or bfloat16.</param>
    /// <param name="device">Where the parameters go (CPU when <see langword="null"/>).</param>
    /// <returns>The model, which the caller disposes, and the tokenizer.</returns>
    public static (LlamaForCausalLM Model, Llama2CTokenizer Tokenizer) Load(
        string? dataDirectory = null, string? checkpointPath = null, string? tokenizerPath = null, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        var modelPath = SharedData.File(checkpointPath, dataDirectory, CheckpointFile);
        var tokenizerFile = SharedData.File(tokenizerPath, dataDirectory, TokenizerFile);
        var model = Llama2CCheckpoint.Load(modelPath, dtype, device);
        model.eval();
        return (model, Llama2CTokenizer.Load(tokenizerFile));
    }

    /// <summary>Parses a device name as the samples' <c>--device</c> option takes it.</summary>
    /// <param name="name"><c>cpu</c> or <c>cuda</c>.</param>
    /// <returns>The device.</returns>
    /// <exception cref="ArgumentException">An unknown name, or <c>cuda</c> without CUDA.</exception>
    public static Device ParseDevice(string name) => name switch
    {
        "cpu" => torch.CPU,
        "cuda" when torch.cuda.is_available() => torch.CUDA,
        "cuda" => throw new ArgumentException("--device cuda: CUDA is not available (this build uses the TorchSharp backend chosen by TorchBackend).", nameof(name)),
        _ => throw new ArgumentException($"--device must be cpu or cuda; it was '{name}'.", nameof(name)),
    };

    /// <summary>Parses a dtype name as the samples' <c>--dtype</c> option takes it.</summary>
    /// <param name="name"><c>float32</c> or <c>bfloat16</c>.</param>
    /// <returns>The dtype.</returns>
    /// <exception cref="ArgumentException">An unknown name.</exception>
    public static ScalarType ParseDType(string name) => name switch
    {
        "float32" => ScalarType.Float32,
        "bfloat16" => ScalarType.BFloat16,
        _ => throw new ArgumentException($"--dtype must be float32 or bfloat16; it was '{name}'.", nameof(name)),
    };

    /// <summary>The text a completion adds after its prompt: <c>decode(prompt ++ completion)</c> less <c>decode(prompt)</c>
    /// (decoding both together keeps run.c's rule for the space after BOS). Stop tokens decode to nothing.</summary>
    /// <param name="tokenizer">The tokenizer.</param>
    /// <param name="promptIds">The prompt's ids (BOS first).</param>
    /// <param name="completion">The completion's ids.</param>
    /// <returns>The completion's text.</returns>
    public static string CompletionText(Llama2CTokenizer tokenizer, IReadOnlyList<int> promptIds, IReadOnlyList<int> completion)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        var promptText = tokenizer.Decode(promptIds);
        var full = tokenizer.Decode(promptIds.Concat(completion));
        return full.StartsWith(promptText, StringComparison.Ordinal) ? full[promptText.Length..] : full;
    }
}
