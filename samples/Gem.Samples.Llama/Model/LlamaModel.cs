using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gem.Samples.Llama.Model;

/// <summary>The decoder stack without the output head: token embedding, <c>L</c> decoder layers, final RMSNorm.
/// Checkpoint names <c>embed_tokens</c>, <c>layers.{i}</c>, <c>norm</c> (under <c>model.</c> in <see cref="LlamaForCausalLM"/>).</summary>
public sealed class LlamaModel : nn.Module<Tensor, AttentionInputs, Tensor>
{
    private readonly Embedding embed_tokens;
    private readonly ModuleList<LlamaDecoderLayer> layers;
    private readonly RmsNorm norm;

    /// <summary>Creates the stack.</summary>
    public LlamaModel(LlamaConfig config, RotaryEmbedding rotary, ScalarType dtype, Device? device) : base(nameof(LlamaModel))
    {
        ArgumentNullException.ThrowIfNull(config);
        embed_tokens = nn.Embedding(config.VocabularySize, config.HiddenSize, device: device, dtype: dtype);
        layers = nn.ModuleList(Enumerable.Range(0, config.LayerCount).Select(i => new LlamaDecoderLayer(config, i, rotary, dtype, device)).ToArray());
        norm = new RmsNorm(config.HiddenSize, config.RmsNormEpsilon, dtype, device);
        RegisterComponents();
    }

    /// <summary>The token embedding matrix <c>[V, C]</c> (also the output head when embeddings are tied). TorchSharp may
    /// return a new wrapper per access: read it inside a dispose scope.</summary>
    internal Parameter EmbeddingWeight => embed_tokens.weight!;

    /// <summary>Final hidden states <c>[B, T, C]</c> for token ids <paramref name="inputIds"/> <c>[B, T]</c> int64.</summary>
    public override Tensor forward(Tensor inputIds, AttentionInputs inputs)
    {
        using var scope = torch.NewDisposeScope();
        var hidden = embed_tokens.call(inputIds);
        foreach (var layer in layers)
            hidden = layer.call(hidden, inputs);
        return norm.call(hidden).MoveToOuterDisposeScope();
    }
}
