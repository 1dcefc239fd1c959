namespace Gem.Core.Filtering;

/// <summary>Conveniences over <see cref="ICandidateRanker"/>.</summary>
public static class CandidateRankerExtensions
{
    /// <summary>Rates a group whose exact duplicate completions are found from their token ids.</summary>
    /// <param name="ranker">The ranker.</param>
    /// <param name="scores">Score of each of the group's N members (finite).</param>
    /// <param name="humanPreference">The human pair, as indices into <paramref name="scores"/>, or <see langword="null"/>.</param>
    /// <param name="completionTokenIds">N completions' token ids without padding; equal sequences share one rating.</param>
    /// <returns>N ratings, as <see cref="ICandidateRanker.Rank"/>.</returns>
    public static double[] Rank(this ICandidateRanker ranker, ReadOnlySpan<double> scores, HumanPreference? humanPreference, IReadOnlyList<long[]> completionTokenIds)
    {
        ArgumentNullException.ThrowIfNull(ranker);
        ArgumentNullException.ThrowIfNull(completionTokenIds);
        if (completionTokenIds.Count != scores.Length)
            throw new ArgumentException($"Expected {scores.Length} completions (one per score); got {completionTokenIds.Count}.", nameof(completionTokenIds));
        return ranker.Rank(scores, humanPreference, DuplicateCompletions.KeysFromTokenIds(completionTokenIds));
    }
}
