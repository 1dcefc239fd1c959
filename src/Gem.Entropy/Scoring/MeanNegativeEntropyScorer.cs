using Gem.Entropy.Statistics;
using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Entropy.Scoring;

/// <summary>
/// Entropy minimisation as a score: <c>S = −(1/n) Σ_t H_t</c> over the completion's <c>n</c> tokens (0 for an empty
/// completion). A peer of <see cref="EntropyGuidedScorer"/> for comparison and ablation; it has no parts.
/// </summary>
public sealed class MeanNegativeEntropyScorer : IEntropyScorer
{
    /// <inheritdoc />
    public TokenStatistic RequiredStatistics => TokenStatistic.Entropy;

    /// <inheritdoc />
    public EntropyScores Score(EntropyScoringInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        var entropies = input.Entropies.detach();
        var completion = input.CompletionMask.ne(0).to(entropies.device);
        ScoringMath.ThrowIfNotFinite(entropies, completion, "input");
        var score = ScoringMath.MaskedMean(entropies, completion).neg();
        return new EntropyScores(score.MoveToOuterDisposeScope(), input.Spans.AnswerFound.to(entropies.device).clone().MoveToOuterDisposeScope());
    }
}
