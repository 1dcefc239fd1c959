using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace Gem.Samples.Llama.Tokenization;

/// <summary>
/// Builds a Microsoft.ML.Tokenizers <see cref="BpeTokenizer"/> from a Hugging Face <c>tokenizer.json</c> whose model
/// is byte-level BPE (Llama 3, GPT-2 style): <c>model.vocab</c> (piece → id), <c>model.merges</c> (<c>"a b"</c> or
/// <c>["a", "b"]</c>), <c>added_tokens</c> as special tokens, and the split pattern of the <c>pre_tokenizer</c>
/// (a <c>Split</c> with a <c>Regex</c>, as Llama 3's, or GPT-2's pattern for a plain <c>ByteLevel</c>).
/// Microsoft.ML.Tokenizers 3.0 has no loader of its own for this format.
/// </summary>
/// <remarks>The tokenizer adds no BOS by itself: Llama 3 callers prepend <c>&lt;|begin_of_text|&gt;</c> (its id is in
/// <c>added_tokens</c>), as the file's post-processor would.</remarks>
public static class HuggingFaceBpeTokenizer
{
    /// <summary>GPT-2's pre-tokenisation pattern, used when a <c>ByteLevel</c> pre-tokenizer gives none.</summary>
    public const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="NotSupportedException">When the model is not BPE or the pre-tokenizer is unknown.</exception>
    /// <exception cref="InvalidDataException">When vocab or merges are missing or malformed.</exception>
    public static BpeTokenizer Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Builds the tokenizer from the text of a <c>tokenizer.json</c>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="source">Where it came from, for messages.</param>
    public static BpeTokenizer Parse(string json, string source = "tokenizer.json")
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json)?.AsObject() ?? throw new InvalidDataException($"'{source}' is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{source}' is not valid JSON: {e.Message}", e);
        }
        var model = root["model"]?.AsObject() ?? throw new InvalidDataException($"'{source}' has no 'model'.");
        var type = model["type"]?.GetValue<string>();
        if (type != "BPE")
            throw new NotSupportedException($"'{source}' has a '{type}' model; only byte-level BPE is supported.");

        var vocab = model["vocab"]?.AsObject() ?? throw new InvalidDataException($"'{source}' has no model.vocab.");
        var vocabulary = vocab.Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.GetValue<int>() ?? throw new InvalidDataException($"'{source}': vocab entry '{kv.Key}' has no id."))).ToList();
        var merges = (model["merges"]?.AsArray() ?? throw new InvalidDataException($"'{source}' has no model.merges."))
            .Select((m, i) => m switch
            {
                JsonArray pair when pair.Count == 2 => $"{pair[0]!.GetValue<string>()} {pair[1]!.GetValue<string>()}",
                JsonValue text => text.GetValue<string>(),
                _ => throw new InvalidDataException($"'{source}': merge {i} is neither \"a b\" nor [a, b]."),
            }).ToList();

        var special = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var token in root["added_tokens"]?.AsArray() ?? [])
        {
            var content = token?["content"]?.GetValue<string>();
            var id = token?["id"]?.GetValue<int>();
            if (content is not null && id is not null)
                special[content] = id.Value;
        }

        var pattern = FindSplitPattern(root["pre_tokenizer"], source);
        return BpeTokenizer.Create(new BpeOptions(vocabulary)
        {
            Merges = merges,
            ByteLevel = true,
            SpecialTokens = special.Count > 0 ? special : null,
            PreTokenizer = new RegexPreTokenizer(new Regex(pattern, RegexOptions.Compiled), special.Count > 0 ? special : null),
        });
    }

    private static string FindSplitPattern(JsonNode? preTokenizer, string source)
    {
        if (preTokenizer is null)
            return Gpt2Pattern;
        var type = preTokenizer["type"]?.GetValue<string>();
        switch (type)
        {
            case "Sequence":
                foreach (var inner in preTokenizer["pretokenizers"]?.AsArray() ?? [])
                {
                    if (inner?["type"]?.GetValue<string>() == "Split")
                        return FindSplitPattern(inner, source);
                }
                return Gpt2Pattern;
            case "Split":
                return preTokenizer["pattern"]?["Regex"]?.GetValue<string>()
                       ?? throw new NotSupportedException($"'{source}': only a Split pre-tokenizer with a Regex pattern is supported.");
            case "ByteLevel":
                return Gpt2Pattern;
            default:
                throw new NotSupportedException($"'{source}' has a '{type}' pre-tokenizer; expected ByteLevel, Split or a Sequence of them.");
        }
    }
}
