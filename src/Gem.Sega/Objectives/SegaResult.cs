using TorchSharp;

namespace Gem.Sega.Objectives;

/// <summary>The output of <see cref="SegaObjective.Compute(torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor?, torch.Tensor?, torch.Tensor?)"/>; dispose it to free its tensors.</summary>
public sealed class SegaResult : IDisposable
{
    internal SegaResult(torch.Tensor loss, torch.Tensor advantages, torch.Tensor rewards, SegaDiagnostics diagnostics)
    {
        Loss = loss;
        Advantages = advantages;
        Rewards = rewards;
        Diagnostics = diagnostics;
    }

    /// <summary>The loss, a scalar (float32, or float64 for float64 log-probabilities) with the log-probabilities' graph.</summary>
    public torch.Tensor Loss { get; }

    /// <summary>Advantages <c>A_i</c> per member, <c>[N]</c> float64, in batch order, detached.</summary>
    public torch.Tensor Advantages { get; }

    /// <summary>Rewards <c>r_i = f(ρ_i)</c> per member, <c>[N]</c> float64, in batch order, detached.</summary>
    public torch.Tensor Rewards { get; }

    /// <summary>Figures for logging.</summary>
    public SegaDiagnostics Diagnostics { get; }

    /// <inheritdoc/>
    public void Dispose()
    {
        Loss.Dispose();
        Advantages.Dispose();
        Rewards.Dispose();
    }
}
