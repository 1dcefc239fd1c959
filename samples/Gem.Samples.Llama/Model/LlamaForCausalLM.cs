using Gem.Core.Policy;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Gem.Samples.Llama.Model;

/// <summary>
/// A Llama-architecture causal language model (RMSNorm, rotary embeddings, SwiGLU, grouped-query attention, tied or
/// untied output head) with a pre-allocated key/value cache, implementing Gem's <see cref="ICausalLanguageModel"/>.
/// Parameter names are Hugging Face's: <c>model.embed_tokens.weight</c>, <c>model.layers.{i}.self_attn.q_proj.weight</c>,
/// …, <c>model.norm.weight</c>, <c>lm_head.weight</c> (absent when tied: the head then is the embedding parameter itself,
/// registered and trained once). Runs in float32 or bfloat16 on any device; RMSNorm and rotary arithmetic run in fp32.
/// </summary>
/// <remarks>
/// Positions come from the attention mask, <c>position = cumsum(mask) − 1</c>, so left padding does not shift them.
/// A padding position attends only to itself (its outputs are finite and meaningless); real positions never attend
/// to padding. Token ids are not range-checked on the device (that would synchronise every decode step).
/// </remarks>
public sealed class LlamaForCausalLM : nn.Module<Tensor, Tensor?, Tensor>, ICausalLanguageModel
{
    [ComponentName(Name = "model")]
    private readonly LlamaModel _model;

    [ComponentName(Name = "lm_head")]
    private readonly Linear? _lmHead;

    private readonly RotaryEmbedding _rotary;

    /// <summary>Creates a model of random weights (TorchSharp's default initialisation) with the given shape.</summary>
    /// <param name="config">The architecture.</param>
    /// <param name="dtype">Parameter dtype: float32 or bfloat16 (float16 and float64 work too).</param>
    /// <param name="device">Where the parameters are created (CPU when <see langword="null"/>; <c>meta</c> for shape-only models).</param>
    /// <exception cref="ArgumentException">When <paramref name="config"/> is inconsistent or <paramref name="dtype"/> is not floating point.</exception>
    public LlamaForCausalLM(LlamaConfig config, ScalarType dtype = ScalarType.Float32, Device? device = null) : base(nameof(LlamaForCausalLM))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        if (dtype is not (ScalarType.Float32 or ScalarType.BFloat16 or ScalarType.Float16 or ScalarType.Float64))
            throw new ArgumentException($"Expected a floating-point dtype; it was {dtype}.", nameof(dtype));
        Config = config;
        _rotary = new RotaryEmbedding(config.HeadDimension, config.RopeTheta, config.RopeScaling, config.RopeConvention);
        _model = new LlamaModel(config, _rotary, dtype, device);
        _lmHead = config.TieWordEmbeddings ? null : nn.Linear(config.HiddenSize, config.VocabularySize, hasBias: false, device: device, dtype: dtype);
        RegisterComponents();
    }

    /// <summary>The architecture.</summary>
    public LlamaConfig Config { get; }

    /// <inheritdoc />
    public nn.Module TrainableModule => this;

    /// <inheritdoc />
    public Device Device
    {
        get
        {
            // TorchSharp may hand out a fresh wrapper per access; the scope frees it (and never the parameter itself).
            using var scope = torch.NewDisposeScope();
            return _model.EmbeddingWeight.device;
        }
    }

    /// <inheritdoc />
    public ScalarType DType
    {
        get
        {
            using var scope = torch.NewDisposeScope();
            return _model.EmbeddingWeight.dtype;
        }
    }

    /// <inheritdoc />
    public int VocabularySize => Config.VocabularySize;

    /// <inheritdoc />
    public int? MaxSequenceLength => Config.MaxSequenceLength;

    /// <inheritdoc />
    public bool SupportsKeyValueCache => true;

    /// <summary>Teacher-forced forward over whole sequences (the interface's <c>Forward</c>; call it through <c>call(ids, mask)</c> so hooks run).</summary>
    /// <param name="inputIds">Token ids <c>[B, T]</c>, int64, each in <c>[0, V)</c>.</param>
    /// <param name="attentionMask">Mask <c>[B, T]</c>, int64 or bool, 1 = token and 0 = padding (left padding expected),
    /// or <see langword="null"/> when nothing is padded.</param>
    /// <returns>Logits <c>[B, T, V]</c> in <see cref="DType"/> on <see cref="Device"/>; position t predicts token t + 1.</returns>
    /// <exception cref="ArgumentException">When a shape or dtype is wrong, or T exceeds <see cref="MaxSequenceLength"/>.</exception>
    public override Tensor forward(Tensor inputIds, Tensor? attentionMask)
    {
        ValidateIds(inputIds);
        var length = inputIds.shape[1];
        if (length > Config.MaxSequenceLength)
            throw new ArgumentException($"Expected at most MaxSequenceLength = {Config.MaxSequenceLength} positions; inputIds has {length}.", nameof(inputIds));
        if (attentionMask is not null)
            ValidateMask(attentionMask, inputIds.shape[0], length, nameof(attentionMask));

        using var scope = torch.NewDisposeScope();
        var device = Device;
        var ids = inputIds.to(device);
        Tensor positions;
        Tensor? mask = null;
        if (attentionMask is null)
        {
            positions = torch.arange(length, dtype: ScalarType.Int64, device: device).unsqueeze(0).expand(ids.shape[0], length);
        }
        else
        {
            var keep = attentionMask.to(device).to(ScalarType.Int64);
            positions = PositionsFromMask(keep);
            mask = AllowedKeys(keep, 0, length);
        }
        var (cos, sin) = _rotary.Angles(positions);
        var hidden = _model.call(ids, new AttentionInputs(cos, sin, mask, null));
        return Head(hidden).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    Tensor ICausalLanguageModel.Forward(Tensor inputIds, Tensor? attentionMask) => call(inputIds, attentionMask);

    /// <summary>Creates an empty pre-allocated cache for <paramref name="batchSize"/> rows and <paramref name="capacity"/> positions,
    /// in <see cref="DType"/> on <see cref="Device"/>.</summary>
    /// <param name="batchSize">Rows B, positive.</param>
    /// <param name="capacity">Positions, in <c>[1, MaxSequenceLength]</c>.</param>
    /// <returns>A <see cref="LlamaKeyValueCache"/> the caller disposes.</returns>
    public IKeyValueCache CreateCache(int batchSize, int capacity)
    {
        if (batchSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Expected a positive number of rows.");
        if (capacity <= 0 || capacity > Config.MaxSequenceLength)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, $"Expected a capacity in [1, {Config.MaxSequenceLength}].");
        return new LlamaKeyValueCache(Config, batchSize, capacity, DType, Device);
    }

    /// <summary>Forward over new tokens only, reading and extending <paramref name="cache"/>.</summary>
    /// <param name="inputIds">New token ids <c>[B, t]</c>, int64 (the whole prompt first, then one token per step).</param>
    /// <param name="attentionMask">Mask over everything so far, <c>[B, cache.Length + t]</c>, int64 or bool (1 = token, 0 = padding).</param>
    /// <param name="cache">A cache from <see cref="CreateCache"/> of this model; its length grows by t.</param>
    /// <returns>Logits <c>[B, t, V]</c> for the new positions, in <see cref="DType"/>.</returns>
    /// <exception cref="ArgumentException">When a shape is wrong, the cache is another model's or would overflow.</exception>
    public Tensor ForwardCached(Tensor inputIds, Tensor attentionMask, IKeyValueCache cache)
    {
        ArgumentNullException.ThrowIfNull(attentionMask);
        ArgumentNullException.ThrowIfNull(cache);
        ValidateIds(inputIds);
        if (cache is not LlamaKeyValueCache llamaCache)
            throw new ArgumentException($"Expected a cache created by {nameof(LlamaForCausalLM)}.{nameof(CreateCache)}; it was {cache.GetType().Name}.", nameof(cache));
        var batch = inputIds.shape[0];
        var length = inputIds.shape[1];
        if (batch != cache.BatchSize)
            throw new ArgumentException($"Expected {cache.BatchSize} rows, as the cache was created for; inputIds has {batch}.", nameof(inputIds));
        if (cache.Length + length > cache.Capacity)
            throw new ArgumentException($"The cache holds {cache.Length} of {cache.Capacity} positions; {length} more do not fit.", nameof(inputIds));
        ValidateMask(attentionMask, batch, cache.Length + length, nameof(attentionMask));

        using var scope = torch.NewDisposeScope();
        var device = Device;
        var ids = inputIds.to(device);
        var keep = attentionMask.to(device).to(ScalarType.Int64);
        var positions = PositionsFromMask(keep).narrow(1, cache.Length, length);
        var mask = AllowedKeys(keep, cache.Length, length);
        var (cos, sin) = _rotary.Angles(positions);
        var hidden = _model.call(ids, new AttentionInputs(cos, sin, mask, llamaCache));
        llamaCache.Advance((int)length);
        return Head(hidden).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _rotary.Dispose();
        base.Dispose(disposing);
    }

    private Tensor Head(Tensor hidden) =>
        _lmHead is null ? nn.functional.linear(hidden, _model.EmbeddingWeight) : _lmHead.call(hidden);

    /// <summary><c>cumsum(mask) − 1</c>, with padding (−1 before the first token) clamped to 0.</summary>
    private static Tensor PositionsFromMask(Tensor keep) => (keep.cumsum(1) - 1).clamp_min(0);

    /// <summary>Which keys the queries at absolute positions <c>[queryStart, queryStart + t)</c> may attend to:
    /// real keys at or before the query, and the query itself (so padding rows are never empty), <c>[B, 1, t, S]</c> bool.</summary>
    private static Tensor AllowedKeys(Tensor keep, long queryStart, long queryLength)
    {
        var device = keep.device;
        var keyCount = keep.shape[1];
        var keys = torch.arange(keyCount, dtype: ScalarType.Int64, device: device).unsqueeze(0);
        var queries = torch.arange(queryStart, queryStart + queryLength, dtype: ScalarType.Int64, device: device).unsqueeze(1);
        var causal = keys.le(queries).unsqueeze(0);
        var real = keep.to(ScalarType.Bool).unsqueeze(1);
        var itself = keys.eq(queries).unsqueeze(0);
        return causal.logical_and(real).logical_or(itself).unsqueeze(1);
    }

    private static void ValidateIds(Tensor inputIds)
    {
        ArgumentNullException.ThrowIfNull(inputIds);
        if (inputIds.dim() != 2 || inputIds.shape[1] == 0)
            throw new ArgumentException($"Expected token ids [B, T] with T ≥ 1; the shape was [{string.Join(", ", inputIds.shape)}].", nameof(inputIds));
        if (inputIds.dtype != ScalarType.Int64)
            throw new ArgumentException($"Expected int64 token ids; the dtype was {inputIds.dtype}.", nameof(inputIds));
    }

    private static void ValidateMask(Tensor mask, long batch, long length, string name)
    {
        if (mask.dim() != 2 || mask.shape[0] != batch || mask.shape[1] != length)
            throw new ArgumentException($"Expected a mask of shape [{batch}, {length}]; the shape was [{string.Join(", ", mask.shape)}].", name);
        if (mask.dtype != ScalarType.Int64 && mask.dtype != ScalarType.Bool && mask.dtype != ScalarType.Int32)
            throw new ArgumentException($"Expected an int64 or bool mask; the dtype was {mask.dtype}.", name);
    }
}
