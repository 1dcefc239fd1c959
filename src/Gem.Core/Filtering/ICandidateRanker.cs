namespace Gem.Core.Filtering;

/// <summary>
/// Cognitive Filtering (DESIGN.md step 5): turns the scores <c>S_i</c> of one group's members, plus the known human
/// preference <c>a⁺ ≻ a⁻</c> when the group has one, into ratings <c>ρ_i</c> from which SEGA derives rewards.
/// </summary>
/// <remarks>
/// Implementations are deterministic: equal inputs give bit-identical ratings. Exact duplicate completions (equal
/// <c>duplicateKeys</c>) are merged before ranking and share one rating. Derive from <see cref="CandidateRanker"/> to
/// get validation and duplicate merging for free.
/// </remarks>
public interface ICandidateRanker
{
    /// <summary>Rates the members of one group.</summary>
    /// <param name="scores">Score <c>S_i</c> of each of the group's N members (finite; higher is better).</param>
    /// <param name="humanPreference">The human pair, as indices into <paramref name="scores"/>, or <see langword="null"/>.</param>
    /// <param name="duplicateKeys">
    /// Empty, or N keys where members with equal keys are exact duplicate completions (see
    /// <see cref="DuplicateCompletions.KeysFromTokenIds(IReadOnlyList{long[]})"/>).
    /// </param>
    /// <returns>N finite ratings <c>ρ_i</c>; higher is better; duplicates get equal ratings.</returns>
    /// <exception cref="ArgumentException">A score is NaN or infinite, the group is empty, an index is out of range, the
    /// human pair names one member (or two duplicates) twice, or <paramref name="duplicateKeys"/> has the wrong length.</exception>
    double[] Rank(ReadOnlySpan<double> scores, HumanPreference? humanPreference = null, ReadOnlySpan<int> duplicateKeys = default);
}
