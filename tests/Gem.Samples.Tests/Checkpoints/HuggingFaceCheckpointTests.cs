using System.Text.Json.Nodes;
using Gem.Samples.Llama.Checkpoints;
using Gem.Samples.Llama.Model;
using Gem.Samples.Tests.Llama;

namespace Gem.Samples.Tests.Checkpoints;

public sealed class HuggingFaceCheckpointTests
{
    [Theory]
    [InlineData(false, null)]
    [InlineData(true, 20_000L)]
    public void A_random_model_saved_and_loaded_back_gives_the_same_logits(bool tied, long? maxShardBytes)
    {
        using var folder = new TemporaryDirectory();
        using var original = SmallModels.Create(SmallModels.Config(RopeConvention.HalfSplit, tied, new Llama3RopeScaling(8, 1, 4, 16)) , seed: 21);
        HuggingFaceCheckpoint.Save(original, folder.Path, maxShardBytes);
        Assert.Equal(maxShardBytes is not null, File.Exists(Path.Combine(folder.Path, HuggingFaceCheckpoint.IndexFileName)));
        if (maxShardBytes is not null)
            Assert.True(Directory.GetFiles(folder.Path, "model-*-of-*.safetensors").Length > 1, "expected several shards");

        using var loaded = HuggingFaceCheckpoint.Load(folder.Path);
        Assert.Equal(tied, loaded.Config.TieWordEmbeddings);
        Assert.NotNull(loaded.Config.RopeScaling);
        using var noGrad = torch.no_grad();
        using var ids = SmallModels.RandomIds(2, 16, original.VocabularySize, seed: 22);
        using var expected = original.call(ids, null);
        using var actual = loaded.call(ids, null);
        SmallModels.AssertClose(expected, actual, 0.0, "logits after the round trip");
    }

    [Fact]
    public void A_bfloat16_model_round_trips_in_bfloat16()
    {
        using var folder = new TemporaryDirectory();
        using var original = SmallModels.Create(SmallModels.Config(), seed: 23);
        original.to(ScalarType.BFloat16);
        HuggingFaceCheckpoint.Save(original, folder.Path);
        var file = SafetensorsFile.Open(Path.Combine(folder.Path, HuggingFaceCheckpoint.WeightsFileName));
        Assert.Equal(ScalarType.BFloat16, file.DTypeOf("model.embed_tokens.weight"));
        using var loaded = HuggingFaceCheckpoint.Load(folder.Path, ScalarType.BFloat16);
        using var noGrad = torch.no_grad();
        using var ids = SmallModels.RandomIds(1, 8, original.VocabularySize, seed: 24);
        SmallModels.AssertClose(original.call(ids, null), loaded.call(ids, null), 0.0, "bf16 logits after the round trip");
    }

    [Fact]
    public void Stories260K_converted_to_Hugging_Face_format_gives_the_logits_of_the_llama2c_path()
    {
        using var folder = new TemporaryDirectory();
        using var llama2c = Stories260K.LoadModel();
        HuggingFaceCheckpoint.Save(llama2c, folder.Path);
        using var converted = HuggingFaceCheckpoint.Load(folder.Path);
        Assert.Equal(RopeConvention.HalfSplit, converted.Config.RopeConvention);

        var tokenizer = Stories260K.LoadTokenizer();
        using var ids = torch.tensor(tokenizer.EncodeToIds(Stories260K.GreedySample).Take(200).Select(i => (long)i).ToArray()).view(1, -1);
        using var noGrad = torch.no_grad();
        using var expected = llama2c.call(ids, null);
        using var actual = converted.call(ids, null);
        SmallModels.AssertClose(expected, actual, 1e-4, "llama2.c vs converted logits");
        // Without the q/k permutation the logits would differ by far more than the tolerance.
        Assert.True(expected.abs().max().item<float>() > 1, "the logits are too small for the comparison to mean anything");
    }

    [Fact]
    public void Rotary_pairing_conventions_agree_once_the_projections_are_permuted()
    {
        using var adjacent = SmallModels.Create(SmallModels.Config(RopeConvention.AdjacentPairs), seed: 25);
        using var half = SmallModels.Create(SmallModels.Config(RopeConvention.HalfSplit), seed: 26);
        using (torch.no_grad())
        {
            var source = adjacent.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
            foreach (var (name, parameter) in half.named_parameters())
            {
                var weight = source[name];
                if (name.EndsWith("q_proj.weight", StringComparison.Ordinal))
                    weight = HuggingFaceCheckpoint.AdjacentToHalfSplit(weight, 4);
                else if (name.EndsWith("k_proj.weight", StringComparison.Ordinal))
                    weight = HuggingFaceCheckpoint.AdjacentToHalfSplit(weight, 2);
                parameter.copy_(weight);
            }
        }
        using var noGrad = torch.no_grad();
        using var ids = SmallModels.RandomIds(2, 20, adjacent.VocabularySize, seed: 27);
        SmallModels.AssertClose(adjacent.call(ids, null), half.call(ids, null), 1e-5, "adjacent vs half-split");
    }

    [Fact]
    public void A_tied_checkpoint_that_also_stores_lm_head_loads_with_the_head_tied()
    {
        using var folder = new TemporaryDirectory();
        using var original = SmallModels.Create(SmallModels.Config(tied: true), seed: 29);
        HuggingFaceCheckpoint.Save(original, folder.Path);
        var weightsPath = Path.Combine(folder.Path, HuggingFaceCheckpoint.WeightsFileName);
        var file = SafetensorsFile.Open(weightsPath);
        var tensors = file.Names.Select(n => KeyValuePair.Create(n, file.Read(n))).ToList();
        tensors.Add(KeyValuePair.Create("lm_head.weight", file.Read("model.embed_tokens.weight")));
        tensors.Add(KeyValuePair.Create("model.layers.0.self_attn.rotary_emb.inv_freq", torch.ones(4)));
        SafetensorsFile.Write(weightsPath, tensors);

        using var loaded = HuggingFaceCheckpoint.Load(folder.Path);
        Assert.DoesNotContain(loaded.named_parameters(), p => p.name == "lm_head.weight");
        using var ids = SmallModels.RandomIds(1, 6, original.VocabularySize, seed: 30);
        using var noGrad = torch.no_grad();
        SmallModels.AssertClose(original.call(ids, null), loaded.call(ids, null), 0.0, "tied logits");
    }

    [Fact]
    public void An_unknown_tensor_is_named()
    {
        using var folder = SavedSmallModel(out var weightsPath);
        var file = SafetensorsFile.Open(weightsPath);
        var tensors = file.Names.Select(n => KeyValuePair.Create(n, file.Read(n))).Append(KeyValuePair.Create("model.layers.0.self_attn.q_proj.bias", torch.zeros(32))).ToList();
        SafetensorsFile.Write(weightsPath, tensors);
        var error = Assert.Throws<InvalidDataException>(() => HuggingFaceCheckpoint.Load(folder.Path));
        Assert.Contains("model.layers.0.self_attn.q_proj.bias", error.Message);
    }

    [Fact]
    public void A_missing_tensor_is_named()
    {
        using var folder = SavedSmallModel(out var weightsPath);
        var file = SafetensorsFile.Open(weightsPath);
        var kept = file.Names.Where(n => n != "model.layers.1.mlp.up_proj.weight").Select(n => KeyValuePair.Create(n, file.Read(n))).ToList();
        SafetensorsFile.Write(weightsPath, kept);
        var error = Assert.Throws<InvalidDataException>(() => HuggingFaceCheckpoint.Load(folder.Path));
        Assert.Contains("model.layers.1.mlp.up_proj.weight", error.Message);
    }

    [Fact]
    public void A_tensor_of_the_wrong_shape_is_named_with_both_shapes()
    {
        using var folder = SavedSmallModel(out var weightsPath);
        var file = SafetensorsFile.Open(weightsPath);
        var changed = file.Names.Select(n => KeyValuePair.Create(n, n == "model.norm.weight" ? torch.ones(31) : file.Read(n))).ToList();
        SafetensorsFile.Write(weightsPath, changed);
        var error = Assert.Throws<InvalidDataException>(() => HuggingFaceCheckpoint.Load(folder.Path));
        Assert.Contains("model.norm.weight", error.Message);
        Assert.Contains("[31]", error.Message);
        Assert.Contains("[32]", error.Message);
    }

    [Theory]
    [InlineData("architectures", "[\"MistralForCausalLM\"]", "MistralForCausalLM")]
    [InlineData("rope_scaling", "{\"rope_type\": \"yarn\", \"factor\": 4.0}", "yarn")]
    [InlineData("attention_bias", "true", "attention_bias")]
    public void An_unsupported_configuration_is_refused(string field, string json, string named)
    {
        using var folder = SavedSmallModel(out _);
        var configPath = Path.Combine(folder.Path, HuggingFaceCheckpoint.ConfigFileName);
        var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        config[field] = JsonNode.Parse(json);
        File.WriteAllText(configPath, config.ToJsonString());
        var error = Assert.Throws<NotSupportedException>(() => HuggingFaceCheckpoint.Load(folder.Path));
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void A_Llama3_config_is_read_with_its_rope_theta_and_scaling()
    {
        const string json = """
            {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": 128256, "hidden_size": 2048,
             "intermediate_size": 8192, "num_hidden_layers": 16, "num_attention_heads": 32, "num_key_value_heads": 8,
             "head_dim": 64, "max_position_embeddings": 131072, "rms_norm_eps": 1e-05, "rope_theta": 500000.0,
             "rope_scaling": {"factor": 32.0, "high_freq_factor": 4.0, "low_freq_factor": 1.0,
                              "original_max_position_embeddings": 8192, "rope_type": "llama3"},
             "tie_word_embeddings": true, "hidden_act": "silu", "torch_dtype": "bfloat16"}
            """;
        var config = HuggingFaceLlamaConfig.Parse(json);
        Assert.Equal(500000.0, config.RopeTheta);
        Assert.Equal(32.0, config.RopeScaling!.Factor);
        Assert.Equal(8192, config.RopeScaling.OriginalMaxPositions);
        Assert.Equal(64, config.HeadDimension);
        Assert.Equal(8, config.KeyValueHeadCount);
        Assert.True(config.TieWordEmbeddings);
        Assert.Equal(RopeConvention.HalfSplit, config.RopeConvention);
    }

    private static TemporaryDirectory SavedSmallModel(out string weightsPath)
    {
        var folder = new TemporaryDirectory();
        using var model = SmallModels.Create(SmallModels.Config(), seed: 28);
        HuggingFaceCheckpoint.Save(model, folder.Path);
        weightsPath = Path.Combine(folder.Path, HuggingFaceCheckpoint.WeightsFileName);
        return folder;
    }
}
