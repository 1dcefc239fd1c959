using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gem.Core.Training;

/// <summary>Total gradient norm, clipping and zeroing, with one device synchronisation per step.</summary>
internal static class GradientNorms
{
    /// <summary>
    /// Zeroes every parameter's gradient in place. Used instead of <c>Optimizer.zero_grad()</c>, which in TorchSharp
    /// 0.107 leaves one undisposed gradient wrapper per parameter behind on each call (a leak of live tensors that grows
    /// with every step); here each wrapper lives in a dispose scope.
    /// </summary>
    public static void ZeroGradients(IEnumerable<Parameter> parameters)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var parameter in parameters)
            parameter.grad?.zero_();
    }

    /// <summary>
    /// Computes <c>‖g‖₂</c> over all parameters that have a gradient and, when it exceeds <paramref name="maxNorm"/>,
    /// scales every gradient by <c>maxNorm / (‖g‖₂ + 1e-6)</c> in place.
    /// </summary>
    /// <returns>The norm before clipping (NaN or ∞ when a gradient is not finite; nothing is scaled then).</returns>
    public static double ClipTotalNorm(IEnumerable<Parameter> parameters, double? maxNorm)
    {
        using var scope = NewDisposeScope();
        var gradients = parameters.Select(p => p.grad).Where(g => g is not null).Cast<Tensor>().ToList();
        if (gradients.Count == 0)
            return 0.0;
        var squares = stack(gradients.Select(g => g.detach().to(ScalarType.Float32).pow(2).sum()).ToList());
        var norm = squares.sum().sqrt().cpu().item<float>();
        if (maxNorm is { } max && double.IsFinite(norm) && norm > max)
        {
            var factor = max / (norm + 1e-6);
            using var noGrad = no_grad();
            foreach (var g in gradients)
                g.mul_(factor);
        }

        return norm;
    }
}
