namespace Gem.Sega.Objectives;

/// <summary>How <see cref="SftObjective"/> averages token NLLs.</summary>
public enum SftReduction
{
    /// <summary><c>L = −Σ_b Σ_t m_bt log π(y_bt) / max(1, Σ_b Σ_t m_bt)</c>: every completion token of the batch weighs the same (default).</summary>
    TokenMeanOverBatch,

    /// <summary><c>L = −(1/B) Σ_b Σ_t m_bt log π(y_bt) / max(1, Σ_t m_bt)</c>: every sequence weighs the same.</summary>
    SequenceMeanThenBatchMean,
}
