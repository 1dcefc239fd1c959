using Gem.Samples.Llama.Model;
using Gem.Testing;

namespace Gem.Samples.Tests.Llama;

public sealed class LlamaForCausalLMTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Parameters_carry_Hugging_Face_names_and_shapes_on_the_meta_device(bool tied)
    {
        // Llama 3's vocabulary and grouping (4 query heads per key/value head) at a width that builds quickly.
        var config = new LlamaConfig(128256, 256, 896, 4, 8, 2) { TieWordEmbeddings = tied, MaxSequenceLength = 131072 };
        using var model = new LlamaForCausalLM(config, ScalarType.BFloat16, torch.META);
        var shapes = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);

        Assert.Equal([128256L, 256], shapes["model.embed_tokens.weight"]);
        Assert.Equal([256L, 256], shapes["model.layers.0.self_attn.q_proj.weight"]);
        Assert.Equal([64L, 256], shapes["model.layers.3.self_attn.k_proj.weight"]);
        Assert.Equal([64L, 256], shapes["model.layers.3.self_attn.v_proj.weight"]);
        Assert.Equal([256L, 256], shapes["model.layers.2.self_attn.o_proj.weight"]);
        Assert.Equal([896L, 256], shapes["model.layers.1.mlp.gate_proj.weight"]);
        Assert.Equal([896L, 256], shapes["model.layers.1.mlp.up_proj.weight"]);
        Assert.Equal([256L, 896], shapes["model.layers.1.mlp.down_proj.weight"]);
        Assert.Equal([256L], shapes["model.layers.0.input_layernorm.weight"]);
        Assert.Equal([256L], shapes["model.layers.0.post_attention_layernorm.weight"]);
        Assert.Equal([256L], shapes["model.norm.weight"]);
        Assert.Equal(tied ? 2 + 4 * 9 : 3 + 4 * 9, shapes.Count);
        Assert.Equal(!tied, shapes.ContainsKey("lm_head.weight"));
        var expectedCount = 128256L * 256 * (tied ? 1 : 2) + 256 + 4 * (2 * 256 + 2 * 256 * 256 + 2 * 64 * 256 + 3 * 256 * 896L);
        Assert.Equal(expectedCount, model.parameters().Sum(p => p.NumberOfElements));
        Assert.Equal(ScalarType.BFloat16, model.DType);
        Assert.Equal(DeviceType.META, model.Device.type);
    }

    [Fact]
    public void A_tied_head_is_the_embedding_parameter_and_is_trained_through_the_logits()
    {
        using var model = SmallModels.Create(SmallModels.Config(tied: true), seed: 1);
        using var ids = torch.tensor(new long[] { 3, 4, 5 }).view(1, 3);
        using var logits = model.call(ids, null);
        // Token 60 never appears in the input, so only the head can give its embedding row a gradient.
        using var loss = logits[.., .., 60].sum();
        loss.backward();
        var embedding = model.named_parameters().Single(p => p.name == "model.embed_tokens.weight").parameter;
        Assert.NotNull(embedding.grad);
        Assert.True(embedding.grad![60].abs().sum().item<float>() > 0, "the tied head did not reach the embedding");
        Assert.DoesNotContain(model.named_parameters(), p => p.name == "lm_head.weight");
    }

    [Theory]
    [InlineData(RopeConvention.HalfSplit, false)]
    [InlineData(RopeConvention.AdjacentPairs, true)]
    public void Cached_decoding_gives_the_logits_of_the_full_forward(RopeConvention convention, bool tied)
    {
        using var model = SmallModels.Create(SmallModels.Config(convention, tied, new Llama3RopeScaling(8, 1, 4, 16)), seed: 2);
        using var noGrad = torch.no_grad();
        using var ids = SmallModels.RandomIds(2, 12, model.VocabularySize, seed: 3);
        using var full = model.call(ids, null);

        using var cache = model.CreateCache(2, 12);
        var pieces = new List<Tensor> { model.ForwardCached(ids[.., ..5], torch.ones(2, 5, dtype: ScalarType.Int64), cache) };
        for (var t = 5; t < 12; t++)
            pieces.Add(model.ForwardCached(ids[.., t..(t + 1)], torch.ones(2, t + 1, dtype: ScalarType.Int64), cache));
        using var cached = torch.cat(pieces, 1);

        Assert.Equal(12, cache.Length);
        SmallModels.AssertClose(full, cached, 1e-5, "cached vs full logits");
    }

    [Fact]
    public void A_left_padded_batch_gives_each_row_the_logits_it_has_alone()
    {
        using var model = SmallModels.Create(SmallModels.Config(), seed: 4);
        using var noGrad = torch.no_grad();
        using var longRow = SmallModels.RandomIds(1, 9, model.VocabularySize, seed: 5);
        using var shortRow = SmallModels.RandomIds(1, 6, model.VocabularySize, seed: 6);
        using var aloneLong = model.call(longRow, null);
        using var aloneShort = model.call(shortRow, null);

        using var batch = torch.cat([longRow, torch.cat([torch.zeros(1, 3, dtype: ScalarType.Int64), shortRow], 1)], 0);
        using var mask = torch.tensor(new long[,] { { 1, 1, 1, 1, 1, 1, 1, 1, 1 }, { 0, 0, 0, 1, 1, 1, 1, 1, 1 } });
        using var padded = model.call(batch, mask);

        SmallModels.AssertClose(aloneLong, padded[0..1], 1e-5, "long row");
        SmallModels.AssertClose(aloneShort, padded[1..2, 3..9], 1e-5, "short row after its padding");
        Assert.False(padded.isnan().any().item<bool>(), "padding positions produced NaN");

        // The same through the cache: the padded prompt, then two new tokens per row.
        using var cache = model.CreateCache(2, 11);
        using var prompt = model.ForwardCached(batch, mask, cache);
        using var next = torch.tensor(new long[,] { { 7 }, { 8 } });
        using var mask2 = torch.cat([mask, torch.ones(2, 1, dtype: ScalarType.Int64)], 1);
        using var step = model.ForwardCached(next, mask2, cache);
        using var longExtended = model.call(torch.cat([longRow, next[0..1]], 1), null);
        using var shortExtended = model.call(torch.cat([shortRow, next[1..2]], 1), null);
        SmallModels.AssertClose(longExtended[.., 9..10], step[0..1], 1e-5, "long row, cached step");
        SmallModels.AssertClose(shortExtended[.., 6..7], step[1..2], 1e-5, "short row, cached step");
    }

    [Fact]
    public void Bfloat16_logits_follow_float32_logits()
    {
        using var model32 = SmallModels.Create(SmallModels.Config(), seed: 7);
        using var model16 = SmallModels.Create(SmallModels.Config(), seed: 7);
        model16.to(ScalarType.BFloat16);
        using var noGrad = torch.no_grad();
        using var ids = SmallModels.RandomIds(2, 10, model32.VocabularySize, seed: 8);
        using var logits32 = model32.call(ids, null);
        using var logits16 = model16.call(ids, null);
        Assert.Equal(ScalarType.BFloat16, logits16.dtype);
        var scale = logits32.abs().max().item<float>();
        SmallModels.AssertClose(logits32, logits16, 0.05 * scale, "bf16 vs fp32 logits");
    }

    [Fact]
    public void Forward_and_cached_forward_leave_no_tensor_alive()
    {
        using var model = SmallModels.Create(SmallModels.Config(), seed: 9);
        using var noGrad = torch.no_grad();
        using var ids = SmallModels.RandomIds(2, 5, model.VocabularySize, seed: 10);
        using var mask = torch.ones(2, 5, dtype: ScalarType.Int64);
        TensorLeakCheck.AssertNoLeak(() => [model.call(ids, mask)], "Forward");
        TensorLeakCheck.AssertNoLeak(() => [model.CreateCache(2, 8)], "CreateCache");
        TensorLeakCheck.AssertNoLeak(() =>
        {
            var cache = model.CreateCache(2, 8);
            var logits = model.ForwardCached(ids, mask, cache);
            return [logits, cache];
        }, "ForwardCached with its cache");
    }

    [Fact]
    public void Bad_inputs_are_rejected_with_the_expected_and_actual_values()
    {
        using var model = SmallModels.Create(SmallModels.Config(), seed: 11);
        using var ids = SmallModels.RandomIds(2, 5, model.VocabularySize, seed: 12);
        var wrongDtype = Assert.Throws<ArgumentException>(() => model.call(ids.to(ScalarType.Int32), null));
        Assert.Contains("Int32", wrongDtype.Message);
        var wrongMask = Assert.Throws<ArgumentException>(() => model.call(ids, torch.ones(2, 4, dtype: ScalarType.Int64)));
        Assert.Contains("[2, 5]", wrongMask.Message);
        using var cache = model.CreateCache(2, 6);
        var overflow = Assert.Throws<ArgumentException>(() => model.ForwardCached(torch.cat([ids, ids], 1), torch.ones(2, 10, dtype: ScalarType.Int64), cache));
        Assert.Contains("6", overflow.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.CreateCache(1, 65));
        Assert.Throws<ArgumentException>(() => new LlamaConfig(10, 32, 8, 1, 4, 3));
    }

    [Fact]
    public void Llama3_scaling_keeps_high_frequencies_divides_low_ones_and_interpolates_between()
    {
        // Llama 3.1 8B: head size 128, θ = 500000, factor 8, low 1, high 4, 8192 original positions.
        var scaling = new Llama3RopeScaling(8, 1, 4, 8192);
        using var plain = new RotaryEmbedding(128, 500000, null, RopeConvention.HalfSplit);
        using var scaled = new RotaryEmbedding(128, 500000, scaling, RopeConvention.HalfSplit);
        for (var i = 0; i < 64; i++)
        {
            var f = (double)plain.InverseFrequencies[i];
            var wavelength = 2 * Math.PI / f;
            double expected = wavelength < 8192 / 4.0 ? f
                : wavelength > 8192 / 1.0 ? f / 8
                : f * ((1 - (8192 / wavelength - 1) / 3) / 8 + (8192 / wavelength - 1) / 3);
            Assert.Equal(expected, scaled.InverseFrequencies[i], 1e-6 * f);
        }
        Assert.Equal(1.0f, scaled.InverseFrequencies[0]);
        Assert.Equal(plain.InverseFrequencies[63] / 8, scaled.InverseFrequencies[63], 1e-12);
    }
}
