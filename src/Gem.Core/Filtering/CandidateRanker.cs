using System.Globalization;

namespace Gem.Core.Filtering;

/// <summary>
/// Base class of the rankers: validates the input, merges exact duplicates, lets the derived class rate the distinct
/// members (<see cref="RankDistinct"/>) and gives every duplicate its representative's rating.
/// </summary>
/// <remarks>
/// Merging: members with equal duplicate keys become one distinct member, in order of first appearance, whose score is
/// the mean of theirs (exact duplicates score alike up to rounding of batched arithmetic).
/// </remarks>
public abstract class CandidateRanker : ICandidateRanker
{
    /// <inheritdoc />
    public double[] Rank(ReadOnlySpan<double> scores, HumanPreference? humanPreference = null, ReadOnlySpan<int> duplicateKeys = default)
    {
        var n = scores.Length;
        if (n == 0)
            throw new ArgumentException("A group needs at least one member; got 0 scores.", nameof(scores));
        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(scores[i]))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Scores must be finite; scores[{i}] is {scores[i]}."), nameof(scores));
        }

        if (!duplicateKeys.IsEmpty && duplicateKeys.Length != n)
            throw new ArgumentException($"Expected {n} duplicate keys (one per score) or none; got {duplicateKeys.Length}.", nameof(duplicateKeys));

        if (humanPreference is { } h)
        {
            if ((uint)h.ChosenIndex >= (uint)n)
                throw new ArgumentException($"The human chosen index must lie in [0, {n}); got {h.ChosenIndex}.", nameof(humanPreference));
            if ((uint)h.RejectedIndex >= (uint)n)
                throw new ArgumentException($"The human rejected index must lie in [0, {n}); got {h.RejectedIndex}.", nameof(humanPreference));
            if (h.ChosenIndex == h.RejectedIndex)
                throw new ArgumentException($"The human chosen and rejected indices must differ; both are {h.ChosenIndex}.", nameof(humanPreference));
        }

        // Map each member to its distinct representative.
        var distinctOf = new int[n];
        var distinctCount = 0;
        double[] distinctScores;
        if (duplicateKeys.IsEmpty)
        {
            for (var i = 0; i < n; i++)
                distinctOf[i] = i;
            distinctCount = n;
            distinctScores = scores.ToArray();
        }
        else
        {
            var firstByKey = new Dictionary<int, int>(n);
            var sums = new double[n];
            var counts = new int[n];
            for (var i = 0; i < n; i++)
            {
                if (!firstByKey.TryGetValue(duplicateKeys[i], out var d))
                {
                    d = distinctCount++;
                    firstByKey.Add(duplicateKeys[i], d);
                }
                distinctOf[i] = d;
                sums[d] += scores[i];
                counts[d]++;
            }
            distinctScores = new double[distinctCount];
            for (var d = 0; d < distinctCount; d++)
                distinctScores[d] = counts[d] == 1 ? sums[d] : sums[d] / counts[d];
        }

        HumanPreference? distinctHuman = null;
        if (humanPreference is { } hp)
        {
            var chosen = distinctOf[hp.ChosenIndex];
            var rejected = distinctOf[hp.RejectedIndex];
            if (chosen == rejected)
                throw new ArgumentException($"The human chosen ({hp.ChosenIndex}) and rejected ({hp.RejectedIndex}) completions are identical (equal duplicate keys).", nameof(humanPreference));
            distinctHuman = new HumanPreference(chosen, rejected);
        }

        var distinctRatings = RankDistinct(distinctScores, distinctHuman);
        if (distinctRatings.Length != distinctCount)
            throw new InvalidOperationException($"{GetType().Name}.RankDistinct returned {distinctRatings.Length} ratings for {distinctCount} distinct members.");

        var ratings = new double[n];
        for (var i = 0; i < n; i++)
        {
            var r = distinctRatings[distinctOf[i]];
            if (!double.IsFinite(r))
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{GetType().Name} produced a non-finite rating {r} for member {i}."));
            ratings[i] = r;
        }
        return ratings;
    }

    /// <summary>Rates distinct members (duplicates already merged, input already validated).</summary>
    /// <param name="scores">Finite scores of the M ≥ 1 distinct members.</param>
    /// <param name="humanPreference">The human pair as indices into <paramref name="scores"/> (distinct), or <see langword="null"/>.</param>
    /// <returns>M finite ratings.</returns>
    protected abstract double[] RankDistinct(ReadOnlySpan<double> scores, HumanPreference? humanPreference);

    /// <summary>
    /// The members' positions in score order, best first; equal scores keep index order (stable), so the order is
    /// deterministic.
    /// </summary>
    /// <param name="scores">Scores of the members.</param>
    /// <returns>Member indices sorted by descending score.</returns>
    protected static int[] OrderByScoreDescending(ReadOnlySpan<double> scores)
    {
        var copy = scores.ToArray();
        var order = Enumerable.Range(0, copy.Length).ToArray();
        Array.Sort(order, (a, b) =>
        {
            var c = copy[b].CompareTo(copy[a]);
            return c != 0 ? c : a.CompareTo(b);
        });
        return order;
    }
}
