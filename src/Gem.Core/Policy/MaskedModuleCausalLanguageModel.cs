using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Core.Policy;

/// <summary>
/// Wraps a caller's <c>nn.Module&lt;Tensor, Tensor, Tensor&gt;</c> that maps token ids <c>[B, T]</c> and an attention
/// mask <c>[B, T]</c> to logits <c>[B, T, V]</c> as an <see cref="ICausalLanguageModel"/> without a key/value cache
/// (generation recomputes the prefix at every step, with left-padded prompts batched together).
/// </summary>
/// <remarks>
/// The module must follow <see cref="ICausalLanguageModel"/>'s conventions: mask int64 with 1 = token and 0 = padding,
/// positions <c>cumsum(mask) − 1</c>. When <see cref="Forward"/> gets no mask, an all-ones mask is passed. Calls go
/// through <c>module.call(…)</c> so hooks run; device and dtype come from the module's parameters.
/// </remarks>
public sealed class MaskedModuleCausalLanguageModel : ICausalLanguageModel, IAttentionMaskSupport
{
    private readonly nn.Module<Tensor, Tensor, Tensor> _module;

    /// <summary>Wraps <paramref name="module"/>.</summary>
    /// <param name="module">Maps (ids <c>[B, T]</c> int64, mask <c>[B, T]</c> int64) to logits <c>[B, T, V]</c>.</param>
    /// <param name="vocabularySize">V, the size of the logits' last dimension.</param>
    /// <param name="maxSequenceLength">The longest sequence the module accepts, or <see langword="null"/> when unbounded.</param>
    public MaskedModuleCausalLanguageModel(nn.Module<Tensor, Tensor, Tensor> module, int vocabularySize, int? maxSequenceLength = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabularySize, 1);
        if (maxSequenceLength is < 1)
            throw new ArgumentOutOfRangeException(nameof(maxSequenceLength), maxSequenceLength, "maxSequenceLength must be at least 1 or null.");
        _module = module;
        VocabularySize = vocabularySize;
        MaxSequenceLength = maxSequenceLength;
    }

    /// <inheritdoc />
    public nn.Module TrainableModule => _module;

    /// <inheritdoc />
    public Device Device => ModuleProperties.DeviceOf(_module);

    /// <inheritdoc />
    public ScalarType DType => ModuleProperties.DTypeOf(_module);

    /// <inheritdoc />
    public int VocabularySize { get; }

    /// <inheritdoc />
    public int? MaxSequenceLength { get; }

    /// <inheritdoc />
    public bool SupportsKeyValueCache => false;

    /// <summary>Always false: the wrapped module reads the mask.</summary>
    public bool IgnoresAttentionMask => false;

    /// <inheritdoc />
    public Tensor Forward(Tensor inputIds, Tensor? attentionMask)
    {
        ModuleProperties.CheckInputs(inputIds, attentionMask);
        using var scope = NewDisposeScope();
        var device = Device;
        var ids = inputIds.to(device);
        var mask = attentionMask is null ? ones_like(ids) : attentionMask.to(ScalarType.Int64).to(device);
        var logits = _module.call(ids, mask);
        ModuleProperties.CheckLogits(logits, inputIds.shape[0], inputIds.shape[1], VocabularySize);
        return logits.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public IKeyValueCache CreateCache(int batchSize, int capacity) =>
        throw new NotSupportedException($"{nameof(MaskedModuleCausalLanguageModel)} has no key/value cache; use Forward (generation recomputes the prefix).");

    /// <inheritdoc />
    public Tensor ForwardCached(Tensor inputIds, Tensor attentionMask, IKeyValueCache cache) =>
        throw new NotSupportedException($"{nameof(MaskedModuleCausalLanguageModel)} has no key/value cache; use Forward (generation recomputes the prefix).");
}
