namespace Gem.Core.Filtering;

/// <summary>
/// The known human preference inside a group: the member at <see cref="ChosenIndex"/> (a⁺) is preferred to the member
/// at <see cref="RejectedIndex"/> (a⁻). Indices count members of the group as passed to
/// <see cref="ICandidateRanker.Rank"/>, before duplicates are merged.
/// </summary>
/// <param name="ChosenIndex">Index of the human-chosen completion a⁺.</param>
/// <param name="RejectedIndex">Index of the human-rejected completion a⁻.</param>
public readonly record struct HumanPreference(int ChosenIndex, int RejectedIndex);
