using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gem.Samples.Llama.Model;

/// <summary>
/// Grouped-query self-attention: H query heads share H_kv key/value heads (query head h reads key/value head
/// <c>h / (H / H_kv)</c>), rotary embeddings on queries and keys, <c>softmax(q kᵀ / sqrt(D)) v</c> by
/// <c>scaled_dot_product_attention</c>. No biases. Checkpoint names <c>q_proj</c>, <c>k_proj</c>, <c>v_proj</c>, <c>o_proj</c>.
/// </summary>
public sealed class LlamaAttention : nn.Module<Tensor, AttentionInputs, Tensor>
{
    private readonly Linear q_proj;
    private readonly Linear k_proj;
    private readonly Linear v_proj;
    private readonly Linear o_proj;
    private readonly int _heads;
    private readonly int _keyValueHeads;
    private readonly int _headDimension;
    private readonly int _layerIndex;
    private readonly RotaryEmbedding _rotary;

    /// <summary>Creates the attention of layer <paramref name="layerIndex"/>.</summary>
    public LlamaAttention(LlamaConfig config, int layerIndex, RotaryEmbedding rotary, ScalarType dtype, Device? device) : base(nameof(LlamaAttention))
    {
        ArgumentNullException.ThrowIfNull(config);
        _heads = config.HeadCount;
        _keyValueHeads = config.KeyValueHeadCount;
        _headDimension = config.HeadDimension;
        _layerIndex = layerIndex;
        _rotary = rotary;
        q_proj = nn.Linear(config.HiddenSize, _heads * _headDimension, hasBias: false, device: device, dtype: dtype);
        k_proj = nn.Linear(config.HiddenSize, _keyValueHeads * _headDimension, hasBias: false, device: device, dtype: dtype);
        v_proj = nn.Linear(config.HiddenSize, _keyValueHeads * _headDimension, hasBias: false, device: device, dtype: dtype);
        o_proj = nn.Linear(_heads * _headDimension, config.HiddenSize, hasBias: false, device: device, dtype: dtype);
        RegisterComponents();
    }

    /// <summary>Attends over the new positions (and the cache's, when given).</summary>
    /// <param name="hidden">Normalised hidden states <c>[B, T, C]</c>.</param>
    /// <param name="inputs">Angles, mask and cache of this forward.</param>
    /// <returns>The attention output <c>[B, T, C]</c>.</returns>
    public override Tensor forward(Tensor hidden, AttentionInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        ArgumentNullException.ThrowIfNull(inputs);
        using var scope = torch.NewDisposeScope();
        var batch = hidden.shape[0];
        var length = hidden.shape[1];
        var q = q_proj.call(hidden).view(batch, length, _heads, _headDimension).transpose(1, 2);
        var k = k_proj.call(hidden).view(batch, length, _keyValueHeads, _headDimension).transpose(1, 2);
        var v = v_proj.call(hidden).view(batch, length, _keyValueHeads, _headDimension).transpose(1, 2);
        q = _rotary.Rotate(q, inputs.Cos, inputs.Sin);
        k = _rotary.Rotate(k, inputs.Cos, inputs.Sin);
        if (inputs.Cache is not null)
            (k, v) = inputs.Cache.Append(_layerIndex, k, v);
        if (_heads != _keyValueHeads)
        {
            var groups = _heads / _keyValueHeads;
            k = k.repeat_interleave(groups, dim: 1);
            v = v.repeat_interleave(groups, dim: 1);
        }
        var attended = inputs.Mask is null
            ? nn.functional.scaled_dot_product_attention(q, k, v, is_casual: length > 1)
            : nn.functional.scaled_dot_product_attention(q, k, v, attn_mask: inputs.Mask);
        var merged = attended.transpose(1, 2).reshape(batch, length, _heads * _headDimension);
        return o_proj.call(merged).MoveToOuterDisposeScope();
    }
}
