using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gem.Samples.Llama.Model;

/// <summary>
/// Root-mean-square normalisation, <c>y = w ⊙ x / sqrt(mean(x²) + ε)</c> over the last dimension, computed in fp32
/// whatever the input dtype (bf16 squares lose too much); the result is cast back to the input dtype before the
/// weight multiplies it, as Hugging Face does.
/// </summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly double _epsilon;

    /// <summary>Creates the norm with weight ones.</summary>
    /// <param name="size">The size of the last dimension.</param>
    /// <param name="epsilon">ε added to the mean square.</param>
    /// <param name="dtype">The weight's dtype.</param>
    /// <param name="device">The weight's device.</param>
    public RmsNorm(int size, double epsilon, ScalarType dtype, Device? device) : base(nameof(RmsNorm))
    {
        weight = nn.Parameter(torch.ones(size, dtype: dtype, device: device));
        _epsilon = epsilon;
        RegisterComponents();
    }

    /// <summary>Normalises <paramref name="input"/> <c>[…, size]</c>; returns the same shape and dtype.</summary>
    /// <param name="input">Any tensor whose last dimension is the norm's size.</param>
    /// <returns><c>w ⊙ x / sqrt(mean(x²) + ε)</c>.</returns>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = torch.NewDisposeScope();
        var x = input.to(ScalarType.Float32);
        var normalised = x * torch.rsqrt(x.pow(2).mean([-1L], keepdim: true) + _epsilon);
        return (weight * normalised.to(input.dtype)).MoveToOuterDisposeScope();
    }
}
