namespace Gem.Core.Filtering;

/// <summary>
/// The paper's minimal Cognitive Filtering: the rating is the score, <c>ρ_i = S_i</c>. The human pair is not used
/// (it cannot change a rating that is the score itself).
/// </summary>
public sealed class ScoreRanker : CandidateRanker
{
    /// <inheritdoc />
    protected override double[] RankDistinct(ReadOnlySpan<double> scores, HumanPreference? humanPreference) => scores.ToArray();
}
