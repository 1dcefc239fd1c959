using Gem.Core.Policy;
using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Samples.Llama.Model;

/// <summary>
/// A pre-allocated key/value cache for <see cref="LlamaForCausalLM"/>: per layer, keys and values
/// <c>[B, H_kv, Capacity, D]</c> in the model's dtype and device, written in place at positions
/// <c>[Length, Length + t)</c> by each <see cref="LlamaForCausalLM.ForwardCached"/>. Keys are stored after rotation.
/// </summary>
/// <remarks>Its tensors are detached from every dispose scope when allocated, so no caller's scope frees them;
/// <see cref="Dispose"/> does.</remarks>
public sealed class LlamaKeyValueCache : IKeyValueCache
{
    private readonly Tensor[] _keys;
    private readonly Tensor[] _values;
    private bool _disposed;

    internal LlamaKeyValueCache(LlamaConfig config, int batchSize, int capacity, ScalarType dtype, Device device)
    {
        BatchSize = batchSize;
        Capacity = capacity;
        _keys = new Tensor[config.LayerCount];
        _values = new Tensor[config.LayerCount];
        for (var layer = 0; layer < config.LayerCount; layer++)
        {
            _keys[layer] = torch.zeros([batchSize, config.KeyValueHeadCount, capacity, config.HeadDimension], dtype: dtype, device: device).DetachFromDisposeScope();
            _values[layer] = torch.zeros([batchSize, config.KeyValueHeadCount, capacity, config.HeadDimension], dtype: dtype, device: device).DetachFromDisposeScope();
        }
    }

    /// <inheritdoc />
    public int BatchSize { get; }

    /// <inheritdoc />
    public int Capacity { get; }

    /// <inheritdoc />
    public int Length { get; private set; }

    /// <summary>Writes the new keys and values <c>[B, H_kv, t, D]</c> of <paramref name="layer"/> at <see cref="Length"/> and
    /// returns views of everything so far, <c>[B, H_kv, Length + t, D]</c>.</summary>
    internal (Tensor Keys, Tensor Values) Append(int layer, Tensor keys, Tensor values)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var t = keys.shape[2];
        using (torch.no_grad())
        {
            _keys[layer].narrow(2, Length, t).copy_(keys);
            _values[layer].narrow(2, Length, t).copy_(values);
        }
        return (_keys[layer].narrow(2, 0, Length + t), _values[layer].narrow(2, 0, Length + t));
    }

    /// <summary>Marks <paramref name="count"/> more positions as filled, once every layer has appended them.</summary>
    internal void Advance(int count) => Length += count;

    /// <summary>Frees the cache's tensors.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        foreach (var tensor in _keys.Concat(_values))
            tensor.Dispose();
    }
}
