using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gem.Samples.Llama.Model;
using static TorchSharp.torch;

namespace Gem.Samples.Llama.Checkpoints;

/// <summary>
/// Reads and writes a Hugging Face Llama <c>config.json</c>: <c>vocab_size</c>, <c>hidden_size</c>,
/// <c>intermediate_size</c>, <c>num_hidden_layers</c>, <c>num_attention_heads</c>, <c>num_key_value_heads</c>
/// (default: the head count), <c>head_dim</c>, <c>max_position_embeddings</c>, <c>rms_norm_eps</c>, <c>rope_theta</c>
/// (default 10000), <c>rope_scaling</c> (<c>null</c> or <c>rope_type</c>/<c>type</c> <c>"llama3"</c>),
/// <c>tie_word_embeddings</c> (default false). Hugging Face pairs rotary features half-split.
/// </summary>
public static class HuggingFaceLlamaConfig
{
    /// <summary>Parses <paramref name="json"/> (the text of a <c>config.json</c>).</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="source">Where it came from, for messages.</param>
    /// <returns>The configuration, with <see cref="RopeConvention.HalfSplit"/>.</returns>
    /// <exception cref="NotSupportedException">For another architecture, activation, biases or rope scaling type.</exception>
    /// <exception cref="InvalidDataException">When a required field is missing or malformed.</exception>
    public static LlamaConfig Parse(string json, string source = "config.json")
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

        var architectures = root["architectures"]?.AsArray().Select(a => a?.GetValue<string>() ?? "").ToList() ?? [];
        var modelType = root["model_type"]?.GetValue<string>();
        if (architectures.Count > 0 && !architectures.Contains("LlamaForCausalLM"))
            throw new NotSupportedException($"'{source}' describes architecture '{string.Join(", ", architectures)}'; only LlamaForCausalLM is supported.");
        if (architectures.Count == 0 && modelType is not null && modelType != "llama")
            throw new NotSupportedException($"'{source}' describes model_type '{modelType}'; only 'llama' is supported.");
        var activation = root["hidden_act"]?.GetValue<string>() ?? "silu";
        if (activation != "silu")
            throw new NotSupportedException($"'{source}' has hidden_act '{activation}'; only 'silu' (SwiGLU) is supported.");
        foreach (var bias in new[] { "attention_bias", "mlp_bias" })
        {
            if (root[bias]?.GetValue<bool>() == true)
                throw new NotSupportedException($"'{source}' has {bias} = true; this Llama model has no biases.");
        }

        var heads = Required(root, "num_attention_heads", source);
        var config = new LlamaConfig(
            Required(root, "vocab_size", source),
            Required(root, "hidden_size", source),
            Required(root, "intermediate_size", source),
            Required(root, "num_hidden_layers", source),
            heads,
            Optional(root, "num_key_value_heads") ?? heads)
        {
            MaxSequenceLength = Optional(root, "max_position_embeddings") ?? 2048,
            RmsNormEpsilon = root["rms_norm_eps"]?.GetValue<double>() ?? 1e-6,
            RopeTheta = root["rope_theta"]?.GetValue<double>() ?? 10000.0,
            RopeScaling = ParseScaling(root["rope_scaling"], source),
            RopeConvention = RopeConvention.HalfSplit,
            TieWordEmbeddings = root["tie_word_embeddings"]?.GetValue<bool>() ?? false,
        };
        var headDimension = Optional(root, "head_dim");
        if (headDimension is not null)
            config = With(config, headDimension.Value);
        config.Validate();
        return config;
    }

    /// <summary>Reads <c>config.json</c> at <paramref name="path"/>.</summary>
    public static LlamaConfig Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Writes <paramref name="config"/> as a Hugging Face <c>config.json</c> text (always half-split: the saver
    /// permutes adjacent-pair weights).</summary>
    /// <param name="config">The configuration.</param>
    /// <param name="dtype">The dtype the weights are saved in (<c>torch_dtype</c>).</param>
    /// <returns>Indented JSON.</returns>
    public static string ToJson(LlamaConfig config, ScalarType dtype)
    {
        ArgumentNullException.ThrowIfNull(config);
        var root = new JsonObject
        {
            ["architectures"] = new JsonArray("LlamaForCausalLM"),
            ["model_type"] = "llama",
            ["vocab_size"] = config.VocabularySize,
            ["hidden_size"] = config.HiddenSize,
            ["intermediate_size"] = config.IntermediateSize,
            ["num_hidden_layers"] = config.LayerCount,
            ["num_attention_heads"] = config.HeadCount,
            ["num_key_value_heads"] = config.KeyValueHeadCount,
            ["head_dim"] = config.HeadDimension,
            ["max_position_embeddings"] = config.MaxSequenceLength,
            ["rms_norm_eps"] = config.RmsNormEpsilon,
            ["rope_theta"] = config.RopeTheta,
            ["rope_scaling"] = config.RopeScaling is null ? null : new JsonObject
            {
                ["rope_type"] = "llama3",
                ["factor"] = config.RopeScaling.Factor,
                ["low_freq_factor"] = config.RopeScaling.LowFrequencyFactor,
                ["high_freq_factor"] = config.RopeScaling.HighFrequencyFactor,
                ["original_max_position_embeddings"] = config.RopeScaling.OriginalMaxPositions,
            },
            ["tie_word_embeddings"] = config.TieWordEmbeddings,
            ["hidden_act"] = "silu",
            ["attention_bias"] = false,
            ["mlp_bias"] = false,
            ["bos_token_id"] = 1,
            ["eos_token_id"] = 2,
            ["torch_dtype"] = dtype switch
            {
                ScalarType.BFloat16 => "bfloat16",
                ScalarType.Float16 => "float16",
                ScalarType.Float64 => "float64",
                _ => "float32",
            },
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static LlamaConfig With(LlamaConfig c, int headDimension) =>
        new(c.VocabularySize, c.HiddenSize, c.IntermediateSize, c.LayerCount, c.HeadCount, c.KeyValueHeadCount)
        {
            MaxSequenceLength = c.MaxSequenceLength,
            RmsNormEpsilon = c.RmsNormEpsilon,
            RopeTheta = c.RopeTheta,
            RopeScaling = c.RopeScaling,
            RopeConvention = c.RopeConvention,
            TieWordEmbeddings = c.TieWordEmbeddings,
            HeadDimension = headDimension,
        };

    private static Llama3RopeScaling? ParseScaling(JsonNode? node, string source)
    {
        if (node is null)
            return null;
        var type = node["rope_type"]?.GetValue<string>() ?? node["type"]?.GetValue<string>();
        if (type == "default")
            return null;
        if (type != "llama3")
            throw new NotSupportedException($"'{source}' has rope_scaling of type '{type}'; only 'llama3' is supported.");
        double Field(string name) => node[name]?.GetValue<double>() ?? throw new InvalidDataException($"'{source}': rope_scaling lacks '{name}'.");
        return new Llama3RopeScaling(Field("factor"), Field("low_freq_factor"), Field("high_freq_factor"),
            (int)Field("original_max_position_embeddings"));
    }

    private static int Required(JsonObject root, string name, string source) =>
        Optional(root, name) ?? throw new InvalidDataException($"'{source}' lacks the required field '{name}'.");

    private static int? Optional(JsonObject root, string name)
    {
        var node = root[name];
        if (node is null)
            return null;
        var value = node.GetValue<JsonElement>();
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i)
            ? i
            : throw new InvalidDataException($"'{name}' must be an integer; it was {value.ToString().ToString(CultureInfo.InvariantCulture)}.");
    }
}
