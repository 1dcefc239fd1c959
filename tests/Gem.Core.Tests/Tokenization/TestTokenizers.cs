using Microsoft.ML.Tokenizers;

namespace Gem.Core.Tests.Tokenization;

/// <summary>Real tokenizers from packages (no download).</summary>
internal static class TestTokenizers
{
    private static readonly Lazy<TiktokenTokenizer> s_o200k = new(() => TiktokenTokenizer.CreateForModel("gpt-4o"));

    private static readonly Lazy<TiktokenTokenizer> s_o200kWithLlama3Specials = new(() => TiktokenTokenizer.CreateForModel(
        "gpt-4o",
        new Dictionary<string, int>
        {
            ["<|begin_of_text|>"] = 200100,
            ["<|end_of_text|>"] = 200101,
            ["<|start_header_id|>"] = 200102,
            ["<|end_header_id|>"] = 200103,
            ["<|eot_id|>"] = 200104,
        }));

    /// <summary>GPT-4o's o200k_base BPE.</summary>
    public static Tokenizer O200k => s_o200k.Value;

    /// <summary>o200k_base with Llama 3's chat special tokens added (ids 200100–200104).</summary>
    public static Tokenizer O200kWithLlama3Specials => s_o200kWithLlama3Specials.Value;
}
