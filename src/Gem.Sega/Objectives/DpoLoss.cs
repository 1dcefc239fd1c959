namespace Gem.Sega.Objectives;

/// <summary>The loss <see cref="DpoObjective"/> applies to the margin <c>m = (ℓ⁺ − ℓ⁻) − (ℓ⁺_ref − ℓ⁻_ref)</c>.</summary>
public enum DpoLoss
{
    /// <summary><c>−(1 − s) log σ(β m) − s log σ(−β m)</c> (Rafailov et al.; <c>s</c> the label smoothing of conservative DPO). Default.</summary>
    Sigmoid,

    /// <summary><c>(m − 1/(2β))²</c> (IPO, Azar et al.). Pass length-normalised (mean) log-probabilities for the IPO paper's form.</summary>
    Ipo,
}
