namespace Gem.Sega.Objectives;

/// <summary>How SEGA aggregates a member's per-token terms (DESIGN.md step 6).</summary>
public enum SegaAggregation
{
    /// <summary>
    /// <c>ℓ_i = Σ_t m_it log π(y_it)</c>, members averaged within the group: <c>L = −(1/G) Σ_g (1/|g|) Σ_i A_i ℓ_i</c>
    /// — the paper's form (default).
    /// </summary>
    SequenceSum,

    /// <summary><c>ℓ_i = Σ_t m_it log π(y_it) / max(1, Σ_t m_it)</c> (length-normalised), members averaged within the group.</summary>
    SequenceMean,

    /// <summary>
    /// Every completion token of a group weighs the same: <c>L = −(1/G) Σ_g Σ_{i∈g} Σ_t m_it A_i log π(y_it) / max(1, Σ_{i∈g} Σ_t m_it)</c>.
    /// Needs per-token log-probabilities.
    /// </summary>
    TokenMeanOverGroup,
}
