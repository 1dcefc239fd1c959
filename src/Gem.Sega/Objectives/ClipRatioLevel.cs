namespace Gem.Sega.Objectives;

/// <summary>Where SEGA's PPO-style importance ratio <c>π/π_old</c> is formed when clipping is on.</summary>
public enum ClipRatioLevel
{
    /// <summary>
    /// Per token, as in PPO and GRPO (default): <c>ρ_t = exp(log π_t − log π_old,t)</c>, surrogate
    /// <c>min(ρ_t A_i, clip(ρ_t, 1 − ε, 1 + ε) A_i)</c> replaces <c>A_i log π_t</c> and is aggregated like it.
    /// With sequence-level log-probabilities as input the ratio is necessarily per sequence.
    /// </summary>
    Token,

    /// <summary>
    /// Per sequence: <c>ρ_i = exp(ℓ_i − ℓ_old,i)</c> with <c>ℓ</c> aggregated as <see cref="SegaOptions.Aggregation"/> says
    /// (sum, or mean — the length-normalised GSPO ratio); surrogate <c>min(ρ_i A_i, clip(ρ_i, 1 − ε, 1 + ε) A_i)</c>
    /// replaces <c>A_i ℓ_i</c>. Not available with <see cref="SegaAggregation.TokenMeanOverGroup"/>.
    /// </summary>
    Sequence,
}
