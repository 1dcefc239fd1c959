namespace Gem.Samples.QuickStart.Calibration;

/// <summary>
/// How well a score picks correct candidates: best-of-k against a random pick, and the AUROC of the score for
/// correctness. Pure functions over (score, correct) pairs grouped by prompt.
/// </summary>
public static class CalibrationMath
{
    /// <summary>
    /// The expected accuracy of picking, in each group, the candidate with the highest score (a tie among the highest
    /// is broken uniformly at random, so it counts the tied candidates' mean correctness). Mean over groups.
    /// </summary>
    /// <exception cref="ArgumentException">No groups, an empty group, or a NaN score.</exception>
    public static double BestOfKAccuracy(IReadOnlyList<IReadOnlyList<ScoredCandidate>> groups)
    {
        Validate(groups);
        return groups.Average(group =>
        {
            var best = group.Max(c => c.Score);
            var top = group.Where(c => c.Score == best).ToList();
            return top.Count(c => c.Correct) / (double)top.Count;
        });
    }

    /// <summary>The expected accuracy of picking a candidate uniformly at random: mean over groups of the fraction correct.</summary>
    /// <exception cref="ArgumentException">No groups or an empty group.</exception>
    public static double RandomPickAccuracy(IReadOnlyList<IReadOnlyList<ScoredCandidate>> groups)
    {
        Validate(groups);
        return groups.Average(group => group.Count(c => c.Correct) / (double)group.Count);
    }

    /// <summary>The fraction of groups with at least one correct candidate (pass@k, the ceiling of any pick).</summary>
    /// <exception cref="ArgumentException">No groups or an empty group.</exception>
    public static double OracleAccuracy(IReadOnlyList<IReadOnlyList<ScoredCandidate>> groups)
    {
        Validate(groups);
        return groups.Average(group => group.Any(c => c.Correct) ? 1.0 : 0.0);
    }

    /// <summary>
    /// The area under the ROC curve of <paramref name="candidates"/>' scores for correctness: the probability that a
    /// correct candidate scores above an incorrect one, ties counting one half (the Mann–Whitney U statistic divided by
    /// n⁺·n⁻). Computed by sorting with mid-ranks for ties, O(n log n). <c>null</c> when all are correct or all wrong.
    /// </summary>
    /// <exception cref="ArgumentException">A NaN score.</exception>
    public static double? Auroc(IReadOnlyList<ScoredCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (candidates.Any(c => double.IsNaN(c.Score)))
            throw new ArgumentException("Scores must not be NaN.", nameof(candidates));
        var positives = candidates.Count(c => c.Correct);
        var negatives = candidates.Count - positives;
        if (positives == 0 || negatives == 0)
            return null;

        var sorted = candidates.OrderBy(c => c.Score).ToList();
        double positiveRankSum = 0;
        for (var start = 0; start < sorted.Count;)
        {
            var end = start;
            while (end + 1 < sorted.Count && sorted[end + 1].Score == sorted[start].Score)
                end++;
            // Ranks start + 1 … end + 1 share their mean.
            var midRank = (start + end + 2) / 2.0;
            for (var i = start; i <= end; i++)
            {
                if (sorted[i].Correct)
                    positiveRankSum += midRank;
            }

            start = end + 1;
        }

        var u = positiveRankSum - positives * (positives + 1) / 2.0;
        return u / ((double)positives * negatives);
    }

    /// <summary>
    /// The AUROC within groups: over all (correct, incorrect) pairs from the same group, the probability that the
    /// correct one scores higher (ties one half). This is what a ranker inside a group can use; the pooled AUROC also
    /// rewards telling easy prompts from hard ones. <c>null</c> when no group has both a correct and a wrong candidate.
    /// </summary>
    /// <exception cref="ArgumentException">No groups, an empty group, or a NaN score.</exception>
    public static double? WithinGroupAuroc(IReadOnlyList<IReadOnlyList<ScoredCandidate>> groups)
    {
        Validate(groups);
        double wins = 0;
        long pairs = 0;
        foreach (var group in groups)
        {
            foreach (var correct in group.Where(c => c.Correct))
            {
                foreach (var wrong in group.Where(c => !c.Correct))
                {
                    wins += correct.Score > wrong.Score ? 1 : correct.Score == wrong.Score ? 0.5 : 0;
                    pairs++;
                }
            }
        }

        return pairs == 0 ? null : wins / pairs;
    }

    private static void Validate(IReadOnlyList<IReadOnlyList<ScoredCandidate>> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Count == 0)
            throw new ArgumentException("Expected at least one group; there were none.", nameof(groups));
        for (var g = 0; g < groups.Count; g++)
        {
            if (groups[g] is null || groups[g].Count == 0)
                throw new ArgumentException($"Group {g} is empty; every group needs at least one candidate.", nameof(groups));
            if (groups[g].Any(c => double.IsNaN(c.Score)))
                throw new ArgumentException($"Group {g} has a NaN score.", nameof(groups));
        }
    }
}

/// <summary>A candidate's score and whether its final answer is correct.</summary>
/// <param name="Score">The score (higher = judged better).</param>
/// <param name="Correct">Whether the extracted answer equals the gold answer.</param>
public readonly record struct ScoredCandidate(double Score, bool Correct);
