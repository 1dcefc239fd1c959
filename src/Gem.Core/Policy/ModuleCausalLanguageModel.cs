using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Core.Policy;

/// <summary>
/// Wraps a caller's <c>nn.Module&lt;Tensor, Tensor&gt;</c> that maps token ids <c>[B, T]</c> to logits <c>[B, T, V]</c>
/// and knows nothing of attention masks, as an <see cref="ICausalLanguageModel"/> without a key/value cache
/// (generation recomputes the prefix at every step).
/// </summary>
/// <remarks>
/// <para>Such a module numbers positions <c>0 … T−1</c> and attends to every earlier token, so left padding would
/// change its output. This adapter keeps the <see cref="ICausalLanguageModel"/> contract anyway: when the mask has left
/// padding, <see cref="Forward"/> reads the mask on the host (one synchronisation per call), runs each group of rows
/// with the same amount of left padding without it, and writes zeros as the logits of padded positions. Right padding
/// needs nothing (a causal model's earlier logits do not depend on later tokens). A mask with a zero between two ones
/// is rejected. <see cref="Generation.CandidateGenerator"/> knows (through <see cref="IAttentionMaskSupport"/>) that
/// this model ignores masks and decodes prompts of equal length together, so its loop never pays that
/// synchronisation.</para>
/// <para>Calls go through <c>module.call(…)</c> so the module's hooks run. Device and dtype are read from the module's
/// parameters each time (the caller may move the module).</para>
/// </remarks>
public sealed class ModuleCausalLanguageModel : ICausalLanguageModel, IAttentionMaskSupport
{
    private readonly nn.Module<Tensor, Tensor> _module;

    /// <summary>Wraps <paramref name="module"/>.</summary>
    /// <param name="module">Maps int64 ids <c>[B, T]</c> to logits <c>[B, T, V]</c>.</param>
    /// <param name="vocabularySize">V, the size of the logits' last dimension.</param>
    /// <param name="maxSequenceLength">The longest sequence the module accepts, or <see langword="null"/> when unbounded.</param>
    public ModuleCausalLanguageModel(nn.Module<Tensor, Tensor> module, int vocabularySize, int? maxSequenceLength = null)
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

    /// <summary>Always true: the wrapped module takes no mask.</summary>
    public bool IgnoresAttentionMask => true;

    /// <summary>Teacher-forced forward; see the class remarks for how left padding is handled.</summary>
    /// <param name="inputIds">Token ids <c>[B, T]</c>, int64.</param>
    /// <param name="attentionMask">Mask <c>[B, T]</c> (1 = token, 0 = padding; padding only at the start or the end of a
    /// row), or <see langword="null"/>.</param>
    /// <returns>Logits <c>[B, T, V]</c>; rows' left-padding positions hold zeros.</returns>
    public Tensor Forward(Tensor inputIds, Tensor? attentionMask)
    {
        ModuleProperties.CheckInputs(inputIds, attentionMask);
        var (batch, time) = (inputIds.shape[0], inputIds.shape[1]);
        using var scope = NewDisposeScope();
        var ids = inputIds.to(Device);
        if (attentionMask is null)
        {
            var direct = _module.call(ids);
            ModuleProperties.CheckLogits(direct, batch, time, VocabularySize);
            return direct.MoveToOuterDisposeScope();
        }

        var leading = LeadingPadding(attentionMask);
        if (leading.All(l => l == 0))
        {
            var direct = _module.call(ids);
            ModuleProperties.CheckLogits(direct, batch, time, VocabularySize);
            return direct.MoveToOuterDisposeScope();
        }

        Tensor? output = null;
        foreach (var group in Enumerable.Range(0, (int)batch).GroupBy(r => leading[r]))
        {
            var offset = group.Key;
            var rows = tensor(group.Select(r => (long)r).ToArray(), ScalarType.Int64, Device);
            var part = _module.call(ids.index_select(0, rows).narrow(1, offset, time - offset).contiguous());
            ModuleProperties.CheckLogits(part, rows.shape[0], time - offset, VocabularySize);
            output ??= zeros(new[] { batch, time, (long)VocabularySize }, part.dtype, Device);
            output.index_put_(part, TensorIndex.Tensor(rows), TensorIndex.Slice(offset));
        }

        return output!.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public IKeyValueCache CreateCache(int batchSize, int capacity) =>
        throw new NotSupportedException($"{nameof(ModuleCausalLanguageModel)} has no key/value cache; use Forward (generation recomputes the prefix).");

    /// <inheritdoc />
    public Tensor ForwardCached(Tensor inputIds, Tensor attentionMask, IKeyValueCache cache) =>
        throw new NotSupportedException($"{nameof(ModuleCausalLanguageModel)} has no key/value cache; use Forward (generation recomputes the prefix).");

    /// <summary>Per row, the number of leading zeros of a mask whose ones are contiguous; throws otherwise.</summary>
    private static int[] LeadingPadding(Tensor attentionMask)
    {
        using var cpu = attentionMask.to(ScalarType.Int64).cpu();
        var values = cpu.data<long>().ToArray();
        var (batch, time) = ((int)attentionMask.shape[0], (int)attentionMask.shape[1]);
        var leading = new int[batch];
        for (var r = 0; r < batch; r++)
        {
            var t = 0;
            while (t < time && values[r * time + t] == 0)
                t++;
            leading[r] = t;
            while (t < time && values[r * time + t] != 0)
                t++;
            for (; t < time; t++)
            {
                if (values[r * time + t] != 0)
                    throw new ArgumentException(
                        $"attentionMask row {r} has a zero between ones; a model that ignores masks only supports padding at the start or the end of a row.",
                        nameof(attentionMask));
            }

            if (leading[r] == time)
                leading[r] = 0; // an all-padding row: any logits will do, run it as it is.
        }

        return leading;
    }
}
