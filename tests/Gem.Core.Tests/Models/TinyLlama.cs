using Gem.Core.Policy;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gem.Testing.Models;

/// <summary>Shape of the <see cref="TinyLlama"/> test and benchmark model.</summary>
internal sealed record TinyLlamaConfig(
    int VocabularySize = 64,
    int Dimension = 32,
    int Layers = 2,
    int Heads = 4,
    int KeyValueHeads = 2,
    int HiddenDimension = 64,
    int MaxSequenceLength = 128,
    long Seed = 1234);

/// <summary>
/// A compact Llama-shaped decoder for tests and benchmarks only (not a library type): token embedding, pre-norm blocks
/// of RMSNorm → grouped-query attention (scaled dot product) with RoPE (half rotation) → RMSNorm → SwiGLU, a final RMSNorm and an untied
/// head. Forward takes ids <c>[B, T]</c> and a mask <c>[B, T]</c> (1 = token); positions are <c>cumsum(mask) − 1</c>.
/// Weights are drawn from a seeded generator, so two models with one config are identical.
/// </summary>
internal sealed class TinyLlama : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Embedding embedding;
    private readonly ModuleList<TinyLlamaBlock> blocks;
    private readonly TinyRmsNorm norm;
    private readonly Linear head;
    private readonly Tensor rope_cos; // [MaxSequenceLength, head dim]: each angle's cosine twice (both halves), non-persistent
    private readonly Tensor rope_sin;
    private readonly Tensor rope_rotation; // [head dim, head dim]: x · R = cat(−x₂, x₁), the half rotation as one product

    public TinyLlama(TinyLlamaConfig config, ScalarType dtype = ScalarType.Float32) : base(nameof(TinyLlama))
    {
        Config = config;
        embedding = nn.Embedding(config.VocabularySize, config.Dimension);
        blocks = new ModuleList<TinyLlamaBlock>(Enumerable.Range(0, config.Layers).Select(_ => new TinyLlamaBlock(config)).ToArray());
        norm = new TinyRmsNorm(config.Dimension);
        head = nn.Linear(config.Dimension, config.VocabularySize, hasBias: false);
        var half = config.Dimension / config.Heads / 2;
        using (var scope = NewDisposeScope())
        {
            var angles = arange(config.MaxSequenceLength, ScalarType.Float64).unsqueeze(1)
                * pow(10000.0, -arange(0, half, ScalarType.Float64) / half).unsqueeze(0);
            rope_cos = cat(new[] { angles.cos(), angles.cos() }, 1).DetachFromDisposeScope();
            rope_sin = cat(new[] { angles.sin(), angles.sin() }, 1).DetachFromDisposeScope();
            // R[half + i, i] = −1 and R[i, half + i] = 1: a signed permutation, so x · R is exact (every sum has one non-zero term).
            var rotation = zeros(2 * half, 2 * half, ScalarType.Float64);
            for (var i = 0; i < half; i++)
            {
                rotation[half + i, i] = tensor(-1.0);
                rotation[i, half + i] = tensor(1.0);
            }

            rope_rotation = rotation.DetachFromDisposeScope();
        }

        RegisterComponents();

        using var noGrad = no_grad();
        using var generator = new Generator(unchecked((ulong)config.Seed));
        foreach (var (name, parameter) in named_parameters())
        {
            if (name.EndsWith("norm.weight", StringComparison.Ordinal) || name.Contains("norm", StringComparison.Ordinal))
                continue;
            var std = name.StartsWith("embedding", StringComparison.Ordinal) ? 1.0 : 1.0 / Math.Sqrt(parameter.shape[^1]);
            using var values = randn(parameter.shape, generator: generator) * std;
            parameter.copy_(values);
        }

        this.to(dtype);
    }

    public TinyLlamaConfig Config { get; }

    public override Tensor forward(Tensor inputIds, Tensor attentionMask) => Run(inputIds, attentionMask, null);

    /// <summary>Forward over new ids <c>[B, t]</c> with a mask over everything so far <c>[B, past + t]</c>.</summary>
    public Tensor Run(Tensor inputIds, Tensor? attentionMask, TinyLlamaCache? cache)
    {
        using var scope = NewDisposeScope();
        var (batch, time) = (inputIds.shape[0], inputIds.shape[1]);
        var past = cache?.Length ?? 0;
        var total = past + time;
        var device = inputIds.device;
        var mask = attentionMask ?? ones(new[] { batch, total }, ScalarType.Int64, device);
        Tensor positions, allowed; // allowed: [B, 1, t, past + t] (true = attend), once per forward, shared by every layer
        if (time == 1)
        {
            // One new token (a decoding step): the same positions and mask as below, in fewer operations. Its position
            // is the count of real tokens minus one; it sees every real key, and itself.
            positions = (mask.ne(0).sum([1L], keepdim: true) - 1).clamp_min(0);
            allowed = mask.ne(0);
            allowed.narrow(1, total - 1, 1).fill_(true);
            allowed = allowed.view(batch, 1, 1, total);
        }
        else
        {
            positions = (mask.to(ScalarType.Int64).cumsum(1) - 1).clamp_min(0).narrow(1, past, time);
            var keyValid = mask.to(ScalarType.Bool).unsqueeze(1);
            var queryPosition = arange(past, total, ScalarType.Int64, device).unsqueeze(1);
            var keyPosition = arange(0, total, ScalarType.Int64, device).unsqueeze(0);
            // Every query also sees itself, so a padding query never has an empty row (its output is ignored).
            allowed = keyValid.logical_and(keyPosition.le(queryPosition).unsqueeze(0)).logical_or(keyPosition.eq(queryPosition).unsqueeze(0)).unsqueeze(1);
        }

        // RoPE angles once per forward, shared by every layer: [B, 1, t, head dim].
        var flat = positions.reshape(-1);
        var cos = rope_cos.index_select(0, flat).view(batch, 1, time, -1);
        var sin = rope_sin.index_select(0, flat).view(batch, 1, time, -1);
        // Grouped-query attention runs the query heads that share a key/value head as extra query rows (no copy of the
        // cache per query head): the mask's t rows repeat once per group (a single row broadcasts as it is).
        var groups = Config.Heads / Config.KeyValueHeads;
        var grouped = time == 1 || groups == 1 ? allowed : allowed.repeat(1, 1, groups, 1);
        var x = embedding.call(inputIds);
        for (var l = 0; l < blocks.Count; l++)
            x = blocks[l].Run(x, cos, sin, rope_rotation, grouped, cache, l);
        var logits = head.call(norm.call(x));
        if (cache is not null)
            cache.Length = (int)total;
        return logits.MoveToOuterDisposeScope();
    }

    /// <summary>A cache for <paramref name="batchSize"/> rows and <paramref name="capacity"/> positions.</summary>
    public TinyLlamaCache CreateCache(int batchSize, int capacity)
    {
        var p = parameters().First();
        return new TinyLlamaCache(Config, batchSize, capacity, p.dtype, p.device);
    }
}

/// <summary>One pre-norm block of <see cref="TinyLlama"/>.</summary>
internal sealed class TinyLlamaBlock : nn.Module
{
    private readonly TinyRmsNorm attention_norm;
    private readonly Linear wq, wk, wv, wo;
    private readonly TinyRmsNorm ffn_norm;
    private readonly Linear w1, w2, w3;
    private readonly int _heads, _kvHeads, _headDim;

    public TinyLlamaBlock(TinyLlamaConfig c) : base(nameof(TinyLlamaBlock))
    {
        _heads = c.Heads;
        _kvHeads = c.KeyValueHeads;
        _headDim = c.Dimension / c.Heads;
        attention_norm = new TinyRmsNorm(c.Dimension);
        wq = nn.Linear(c.Dimension, c.Heads * _headDim, hasBias: false);
        wk = nn.Linear(c.Dimension, c.KeyValueHeads * _headDim, hasBias: false);
        wv = nn.Linear(c.Dimension, c.KeyValueHeads * _headDim, hasBias: false);
        wo = nn.Linear(c.Heads * _headDim, c.Dimension, hasBias: false);
        ffn_norm = new TinyRmsNorm(c.Dimension);
        w1 = nn.Linear(c.Dimension, c.HiddenDimension, hasBias: false);
        w2 = nn.Linear(c.HiddenDimension, c.Dimension, hasBias: false);
        w3 = nn.Linear(c.Dimension, c.HiddenDimension, hasBias: false);
        RegisterComponents();
    }

    /// <summary>One block; <paramref name="allowed"/> is the attention mask with its query rows repeated per query group.</summary>
    public Tensor Run(Tensor x, Tensor cos, Tensor sin, Tensor rotation, Tensor allowed, TinyLlamaCache? cache, int layer)
    {
        var (batch, time) = (x.shape[0], x.shape[1]);
        var h = attention_norm.call(x);
        var q = Rope(wq.call(h).view(batch, time, _heads, _headDim).transpose(1, 2), cos, sin, rotation);
        var k = Rope(wk.call(h).view(batch, time, _kvHeads, _headDim).transpose(1, 2), cos, sin, rotation);
        var v = wv.call(h).view(batch, time, _kvHeads, _headDim).transpose(1, 2);
        if (cache is not null)
        {
            var past = cache.Length;
            cache.Keys[layer].narrow(2, past, time).copy_(k);
            cache.Values[layer].narrow(2, past, time).copy_(v);
            k = cache.Keys[layer].narrow(2, 0, past + time);
            v = cache.Values[layer].narrow(2, 0, past + time);
        }

        // softmax(q·kᵀ/√d, masked) · v in one operation. Query head h uses key/value head h / groups: the groups of one
        // key/value head are stacked as query rows [B, kv heads, groups · t, D] instead of repeating keys and values.
        var groups = _heads / _kvHeads;
        var stacked = groups == 1 ? q : q.reshape(batch, _kvHeads, groups * time, _headDim);
        var attended = nn.functional.scaled_dot_product_attention(stacked, k, v, attn_mask: allowed);
        var attention = attended.reshape(batch, _heads, time, _headDim).transpose(1, 2).reshape(batch, time, _heads * _headDim);
        x = x + wo.call(attention);
        var f = ffn_norm.call(x);
        return x + w2.call(nn.functional.silu(w1.call(f)) * w3.call(f));
    }

    /// <summary>
    /// Rotary embedding, half rotation: <c>x·cos + rotate_half(x)·sin</c> with <c>rotate_half(x) = x · R = cat(−x₂, x₁)</c>;
    /// x <c>[B, H, T, D]</c>, cos and sin <c>[B, 1, T, D]</c>, R <c>[D, D]</c>. Four operations instead of nine for the
    /// narrow/multiply/concatenate form, with bit-identical results (R is a signed permutation).
    /// </summary>
    private static Tensor Rope(Tensor x, Tensor cos, Tensor sin, Tensor rotation) => (x * cos) + (x.matmul(rotation) * sin);
}

/// <summary>RMSNorm computed in fp32: <c>x / sqrt(mean(x²) + 1e-5) · weight</c>.</summary>
internal sealed class TinyRmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;

    public TinyRmsNorm(int dimension) : base(nameof(TinyRmsNorm))
    {
        weight = new Parameter(ones(dimension));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var x32 = x.dtype == ScalarType.Float32 ? x : x.to(ScalarType.Float32);
        var normed = x32 * (x32.pow(2).mean(new long[] { -1 }, keepdim: true) + 1e-5).rsqrt();
        return ((x.dtype == ScalarType.Float32 ? normed : normed.to(x.dtype)) * weight).MoveToOuterDisposeScope();
    }
}

/// <summary>Pre-allocated keys and values <c>[B, KV heads, capacity, head dim]</c> per layer.</summary>
internal sealed class TinyLlamaCache : IKeyValueCache
{
    public TinyLlamaCache(TinyLlamaConfig c, int batchSize, int capacity, ScalarType dtype, Device device)
    {
        BatchSize = batchSize;
        Capacity = capacity;
        var shape = new long[] { batchSize, c.KeyValueHeads, capacity, c.Dimension / c.Heads };
        Keys = Enumerable.Range(0, c.Layers).Select(_ => zeros(shape, dtype, device).DetachFromDisposeScope()).ToArray();
        Values = Enumerable.Range(0, c.Layers).Select(_ => zeros(shape, dtype, device).DetachFromDisposeScope()).ToArray();
    }

    public Tensor[] Keys { get; }

    public Tensor[] Values { get; }

    public int BatchSize { get; }

    public int Capacity { get; }

    public int Length { get; set; }

    public void Dispose()
    {
        foreach (var t in Keys.Concat(Values))
            t.Dispose();
    }
}

/// <summary><see cref="TinyLlama"/> as an <see cref="ICausalLanguageModel"/>, with or without its key/value cache.</summary>
internal sealed class TinyLlamaPolicy(TinyLlama model, bool withCache = true) : ICausalLanguageModel
{
    public nn.Module TrainableModule => model;

    public Device Device => model.parameters().First().device;

    public ScalarType DType => model.parameters().First().dtype;

    public int VocabularySize => model.Config.VocabularySize;

    public int? MaxSequenceLength => model.Config.MaxSequenceLength;

    public bool SupportsKeyValueCache => withCache;

    public int ForwardCalls { get; private set; }

    public int CachedCalls { get; private set; }

    public Tensor Forward(Tensor inputIds, Tensor? attentionMask)
    {
        ForwardCalls++;
        using var scope = NewDisposeScope();
        var mask = attentionMask ?? ones_like(inputIds);
        return model.call(inputIds, mask).MoveToOuterDisposeScope();
    }

    public IKeyValueCache CreateCache(int batchSize, int capacity) =>
        withCache ? model.CreateCache(batchSize, capacity) : throw new NotSupportedException("This policy was built without a cache.");

    public Tensor ForwardCached(Tensor inputIds, Tensor attentionMask, IKeyValueCache cache)
    {
        if (!withCache)
            throw new NotSupportedException("This policy was built without a cache.");
        var c = (TinyLlamaCache)cache;
        if (attentionMask.shape[1] != c.Length + inputIds.shape[1])
            throw new ArgumentException($"attentionMask must be [B, {c.Length + inputIds.shape[1]}]; it was [{string.Join(", ", attentionMask.shape)}].", nameof(attentionMask));
        if (c.Length + inputIds.shape[1] > c.Capacity)
            throw new ArgumentException("The cache is full.", nameof(cache));
        CachedCalls++;
        return model.Run(inputIds, attentionMask, c);
    }
}

/// <summary><see cref="TinyLlama"/> as a plain ids → logits module that knows no mask (positions 0 … T−1).</summary>
internal sealed class TinyLlamaIdsOnly : nn.Module<Tensor, Tensor>
{
    private readonly TinyLlama inner;

    public TinyLlamaIdsOnly(TinyLlama model) : base(nameof(TinyLlamaIdsOnly))
    {
        inner = model;
        RegisterComponents();
    }

    public override Tensor forward(Tensor inputIds)
    {
        using var mask = ones_like(inputIds);
        return inner.call(inputIds, mask);
    }
}
