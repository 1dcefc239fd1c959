using Gem.Samples.Llama.Checkpoints;
using Gem.Samples.Llama.Model;
using Gem.Samples.Llama.Tokenization;
using Gem.Testing;

namespace Gem.Samples.Tests;

/// <summary>The real stories260K model and tokenizer from the shared data folder, and upstream's printed greedy sample.</summary>
internal static class Stories260K
{
    public static string CheckpointPath => TestData.File("stories260K/stories260K.bin");

    public static string TokenizerPath => TestData.File("stories260K/tok512.bin");

    public static LlamaForCausalLM LoadModel(ScalarType dtype = ScalarType.Float32) => Llama2CCheckpoint.Load(CheckpointPath, dtype);

    public static Llama2CTokenizer LoadTokenizer() => Llama2CTokenizer.Load(TokenizerPath);

    /// <summary>The text run.c printed at temperature 0 in upstream's <c>stories260K.md</c> (without run.c's final newline).</summary>
    public static string GreedySample
    {
        get
        {
            var markdown = File.ReadAllText(TestData.File("stories260K/stories260K.md"));
            const string command = "$ ./run stories260K/stories260K.bin -z stories260K/tok512.bin -t 0.0\n";
            var start = markdown.IndexOf(command, StringComparison.Ordinal);
            Assert.True(start >= 0, "stories260K.md no longer shows the greedy run.c command.");
            start += command.Length;
            var end = markdown.IndexOf("\n```", start, StringComparison.Ordinal);
            return markdown[start..end];
        }
    }
}
