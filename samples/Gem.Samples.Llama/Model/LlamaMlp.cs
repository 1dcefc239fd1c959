using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gem.Samples.Llama.Model;

/// <summary>The SwiGLU feed-forward layer, <c>down(silu(gate(x)) ⊙ up(x))</c>, without biases
/// (llama2.c's w1 = gate, w3 = up, w2 = down).</summary>
public sealed class LlamaMlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear gate_proj;
    private readonly Linear up_proj;
    private readonly Linear down_proj;

    /// <summary>Creates the layer.</summary>
    public LlamaMlp(LlamaConfig config, ScalarType dtype, Device? device) : base(nameof(LlamaMlp))
    {
        ArgumentNullException.ThrowIfNull(config);
        gate_proj = nn.Linear(config.HiddenSize, config.IntermediateSize, hasBias: false, device: device, dtype: dtype);
        up_proj = nn.Linear(config.HiddenSize, config.IntermediateSize, hasBias: false, device: device, dtype: dtype);
        down_proj = nn.Linear(config.IntermediateSize, config.HiddenSize, hasBias: false, device: device, dtype: dtype);
        RegisterComponents();
    }

    /// <summary>Applies the layer to <paramref name="input"/> <c>[B, T, C]</c>; returns <c>[B, T, C]</c>.</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var gated = nn.functional.silu(gate_proj.call(input)) * up_proj.call(input);
        return down_proj.call(gated).MoveToOuterDisposeScope();
    }
}
