using Gem.Entropy.Statistics;

namespace Gem.Entropy.Scoring;

/// <summary>
/// Scores a group of completions from their per-token statistics, batched over the group on the tensors' device
/// (no per-member loop of host synchronisations). Implement it to plug in your own score.
/// </summary>
public interface IEntropyScorer
{
    /// <summary>The statistics the scorer reads; the caller computes them in the same pass (<see cref="TokenStatistics.Compute"/>).</summary>
    TokenStatistic RequiredStatistics { get; }

    /// <summary>Scores every member of the group.</summary>
    /// <param name="input">Entropies (and what else <see cref="RequiredStatistics"/> names), completion mask and spans.</param>
    /// <returns>Per-member scores and their parts.</returns>
    EntropyScores Score(EntropyScoringInput input);
}
