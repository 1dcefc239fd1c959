using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Samples.Llama.Model;

/// <summary>One pre-norm decoder layer: <c>h += attn(norm₁(h)); h += mlp(norm₂(h))</c>. Checkpoint names
/// <c>input_layernorm</c>, <c>self_attn</c>, <c>post_attention_layernorm</c>, <c>mlp</c>.</summary>
public sealed class LlamaDecoderLayer : nn.Module<Tensor, AttentionInputs, Tensor>
{
    private readonly RmsNorm input_layernorm;
    private readonly LlamaAttention self_attn;
    private readonly RmsNorm post_attention_layernorm;
    private readonly LlamaMlp mlp;

    /// <summary>Creates layer <paramref name="layerIndex"/>.</summary>
    public LlamaDecoderLayer(LlamaConfig config, int layerIndex, RotaryEmbedding rotary, ScalarType dtype, Device? device) : base(nameof(LlamaDecoderLayer))
    {
        ArgumentNullException.ThrowIfNull(config);
        input_layernorm = new RmsNorm(config.HiddenSize, config.RmsNormEpsilon, dtype, device);
        self_attn = new LlamaAttention(config, layerIndex, rotary, dtype, device);
        post_attention_layernorm = new RmsNorm(config.HiddenSize, config.RmsNormEpsilon, dtype, device);
        mlp = new LlamaMlp(config, dtype, device);
        RegisterComponents();
    }

    /// <summary>Applies the layer to hidden states <paramref name="hidden"/> <c>[B, T, C]</c>; returns <c>[B, T, C]</c>.</summary>
    public override Tensor forward(Tensor hidden, AttentionInputs inputs)
    {
        using var scope = torch.NewDisposeScope();
        var h = hidden + self_attn.call(input_layernorm.call(hidden), inputs);
        var output = h + mlp.call(post_attention_layernorm.call(h));
        return output.MoveToOuterDisposeScope();
    }
}
