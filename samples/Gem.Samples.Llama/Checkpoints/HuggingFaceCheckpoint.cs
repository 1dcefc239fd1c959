using System.Text.Json;
using System.Text.Json.Nodes;
using Gem.Samples.Llama.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Samples.Llama.Checkpoints;

/// <summary>
/// Loads and saves Hugging Face Llama checkpoints: a folder with <c>config.json</c> and either
/// <c>model.safetensors</c> or shards listed by <c>model.safetensors.index.json</c> (<c>weight_map</c>: tensor name →
/// file). Tensor names are Transformers' (<c>model.layers.0.self_attn.q_proj.weight</c>, …, <c>lm_head.weight</c>);
/// Hugging Face pairs rotary features half-split, so saving a model whose rotary pairs adjacent features (llama2.c)
/// permutes the rows of <c>q_proj</c> and <c>k_proj</c> per head as Transformers' conversion script does.
/// </summary>
public static class HuggingFaceCheckpoint
{
    /// <summary>The configuration file name.</summary>
    public const string ConfigFileName = "config.json";

    /// <summary>The single-file weights name.</summary>
    public const string WeightsFileName = "model.safetensors";

    /// <summary>The shard index name.</summary>
    public const string IndexFileName = "model.safetensors.index.json";

    /// <summary>Loads the checkpoint in <paramref name="directory"/> into a new model.</summary>
    /// <param name="directory">A folder with <c>config.json</c> and safetensors weights.</param>
    /// <param name="dtype">The model's dtype (weights are converted from their stored dtype).</param>
    /// <param name="device">The model's device (CPU when <see langword="null"/>).</param>
    /// <returns>The model, in eval mode, with <see cref="RopeConvention.HalfSplit"/>.</returns>
    /// <exception cref="FileNotFoundException">When <c>config.json</c> or the weights are missing.</exception>
    /// <exception cref="InvalidDataException">When a tensor is missing, has the wrong shape, or is unknown.</exception>
    /// <exception cref="NotSupportedException">When the configuration is not a supported Llama.</exception>
    public static LlamaForCausalLM Load(string directory, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var configPath = Path.Combine(directory, ConfigFileName);
        if (!File.Exists(configPath))
            throw new FileNotFoundException($"'{directory}' has no {ConfigFileName}; it is not a Hugging Face checkpoint folder.", configPath);
        var config = HuggingFaceLlamaConfig.Load(configPath);
        var tensorFiles = OpenWeights(directory);

        var model = new LlamaForCausalLM(config, dtype, device);
        try
        {
            ParameterAssignment.CopyInto(model, tensorFiles.Keys, name => tensorFiles[name].Read(name), directory,
                name => name.EndsWith("rotary_emb.inv_freq", StringComparison.Ordinal) || (config.TieWordEmbeddings && name == "lm_head.weight"));
        }
        catch
        {
            model.Dispose();
            throw;
        }
        model.eval();
        return model;
    }

    /// <summary>Saves <paramref name="model"/> to <paramref name="directory"/> as <c>config.json</c> plus safetensors weights
    /// in the model's dtype (files written to temporary names and renamed).</summary>
    /// <param name="model">The model.</param>
    /// <param name="directory">The folder (created when missing).</param>
    /// <param name="maxShardBytes">When given, weights are split into shards of at most about this many bytes with an
    /// index file; otherwise one <c>model.safetensors</c>.</param>
    public static void Save(LlamaForCausalLM model, string directory, long? maxShardBytes = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (maxShardBytes is <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxShardBytes), maxShardBytes, "Expected a positive shard size.");
        Directory.CreateDirectory(directory);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var config = model.Config;
        var tensors = new List<KeyValuePair<string, Tensor>>();
        foreach (var (name, parameter) in model.named_parameters())
        {
            Tensor tensor = parameter;
            if (config.RopeConvention == RopeConvention.AdjacentPairs)
            {
                if (name.EndsWith(".self_attn.q_proj.weight", StringComparison.Ordinal))
                    tensor = AdjacentToHalfSplit(parameter, config.HeadCount);
                else if (name.EndsWith(".self_attn.k_proj.weight", StringComparison.Ordinal))
                    tensor = AdjacentToHalfSplit(parameter, config.KeyValueHeadCount);
            }
            tensors.Add(KeyValuePair.Create(name, tensor));
        }

        var metadata = new Dictionary<string, string> { ["format"] = "pt" };
        if (maxShardBytes is null)
        {
            SafetensorsFile.Write(Path.Combine(directory, WeightsFileName), tensors, metadata);
        }
        else
        {
            var shards = new List<List<KeyValuePair<string, Tensor>>> { new() };
            long current = 0;
            foreach (var item in tensors)
            {
                var size = item.Value.NumberOfElements * item.Value.ElementSize;
                if (current > 0 && current + size > maxShardBytes)
                {
                    shards.Add([]);
                    current = 0;
                }
                shards[^1].Add(item);
                current += size;
            }
            var weightMap = new JsonObject();
            for (var i = 0; i < shards.Count; i++)
            {
                var file = $"model-{i + 1:D5}-of-{shards.Count:D5}.safetensors";
                SafetensorsFile.Write(Path.Combine(directory, file), shards[i], metadata);
                foreach (var (name, _) in shards[i])
                    weightMap[name] = file;
            }
            var totalSize = tensors.Sum(t => t.Value.NumberOfElements * t.Value.ElementSize);
            var index = new JsonObject { ["metadata"] = new JsonObject { ["total_size"] = totalSize }, ["weight_map"] = weightMap };
            WriteText(Path.Combine(directory, IndexFileName), index.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
        WriteText(Path.Combine(directory, ConfigFileName), HuggingFaceLlamaConfig.ToJson(config, model.DType));
    }

    /// <summary>Reorders the rows of a query or key projection <c>[H·D, C]</c> from adjacent pairs (2i, 2i+1) to half-split
    /// pairs (i, i + D/2) within each head: <c>w.view(H, D/2, 2, C).transpose(1, 2).reshape(H·D, C)</c>.</summary>
    /// <param name="weight">The projection weight <c>[H·D, C]</c>.</param>
    /// <param name="heads">H, the number of heads it projects to.</param>
    /// <returns>The permuted weight, same shape.</returns>
    public static Tensor AdjacentToHalfSplit(Tensor weight, int heads)
    {
        ArgumentNullException.ThrowIfNull(weight);
        var rows = weight.shape[0];
        var columns = weight.shape[1];
        if (heads <= 0 || rows % (2 * heads) != 0)
            throw new ArgumentException($"Expected a weight whose {rows} rows split into {heads} heads of even size.", nameof(weight));
        return weight.view(heads, rows / heads / 2, 2, columns).transpose(1, 2).reshape(rows, columns);
    }

    private static Dictionary<string, SafetensorsFile> OpenWeights(string directory)
    {
        var map = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
        var indexPath = Path.Combine(directory, IndexFileName);
        IEnumerable<string> files;
        if (File.Exists(indexPath))
        {
            var weightMap = JsonNode.Parse(File.ReadAllText(indexPath))?["weight_map"]?.AsObject()
                            ?? throw new InvalidDataException($"'{indexPath}' has no weight_map.");
            files = weightMap.Select(kv => kv.Value?.GetValue<string>() ?? throw new InvalidDataException($"'{indexPath}' maps '{kv.Key}' to nothing.")).Distinct(StringComparer.Ordinal);
        }
        else if (File.Exists(Path.Combine(directory, WeightsFileName)))
        {
            files = [WeightsFileName];
        }
        else
        {
            files = Directory.GetFiles(directory, "*.safetensors").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
            if (!files.Any())
                throw new FileNotFoundException($"'{directory}' has neither {WeightsFileName}, {IndexFileName} nor any *.safetensors file.", Path.Combine(directory, WeightsFileName));
        }
        foreach (var file in files)
        {
            var path = Path.Combine(directory, file);
            if (!File.Exists(path))
                throw new FileNotFoundException($"The shard '{file}' listed for '{directory}' is missing.", path);
            var opened = SafetensorsFile.Open(path);
            foreach (var name in opened.Names)
            {
                if (!map.TryAdd(name, opened))
                    throw new InvalidDataException($"The tensor '{name}' appears in both '{map[name].Path}' and '{path}'.");
            }
        }
        return map;
    }

    private static void WriteText(string path, string text)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }
}
