namespace Gem.Sega.Baselines;

/// <summary>The baseline <c>b</c> SEGA subtracts from each reward: <c>A_i = r_i − b</c> (DESIGN.md step 6).</summary>
public enum Baseline
{
    /// <summary><c>b = (1/|g|) Σ_{j∈g} r_j</c> — the paper's form (default). Advantages sum to zero in each group.</summary>
    Mean,

    /// <summary>The group median (for an even size, the mean of the two middle rewards).</summary>
    Median,

    /// <summary><c>b = min_{j∈g} r_j</c>: every advantage is ≥ 0.</summary>
    Min,

    /// <summary><c>b_i = (1/(|g| − 1)) Σ_{j∈g, j≠i} r_j</c>, the mean of the other members (RLOO).</summary>
    LeaveOneOut,
}
