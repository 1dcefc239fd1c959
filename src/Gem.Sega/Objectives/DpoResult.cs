using TorchSharp;

namespace Gem.Sega.Objectives;

/// <summary>The output of <see cref="DpoObjective.Compute"/>; dispose it to free its tensors.</summary>
public sealed class DpoResult : IDisposable
{
    internal DpoResult(torch.Tensor loss, torch.Tensor chosenRewards, torch.Tensor rejectedRewards, DpoDiagnostics diagnostics)
    {
        Loss = loss;
        ChosenRewards = chosenRewards;
        RejectedRewards = rejectedRewards;
        Diagnostics = diagnostics;
    }

    /// <summary>The loss, mean over pairs: a scalar (float32, or float64 for float64 inputs) with the policy's graph.</summary>
    public torch.Tensor Loss { get; }

    /// <summary>Implicit rewards <c>β(ℓ⁺ − ℓ⁺_ref)</c>, <c>[B]</c>, detached.</summary>
    public torch.Tensor ChosenRewards { get; }

    /// <summary>Implicit rewards <c>β(ℓ⁻ − ℓ⁻_ref)</c>, <c>[B]</c>, detached.</summary>
    public torch.Tensor RejectedRewards { get; }

    /// <summary>Figures for logging.</summary>
    public DpoDiagnostics Diagnostics { get; }

    /// <inheritdoc/>
    public void Dispose()
    {
        Loss.Dispose();
        ChosenRewards.Dispose();
        RejectedRewards.Dispose();
    }
}
