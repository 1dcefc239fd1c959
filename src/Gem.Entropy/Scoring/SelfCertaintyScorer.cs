using Gem.Entropy.Statistics;
using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Entropy.Scoring;

/// <summary>
/// Self-certainty (Zhao et al., "Learning to Reason without External Rewards", 2025): <c>S = (1/n) Σ_t KL(U ‖ p_t)</c>
/// over the completion's <c>n</c> tokens, <c>KL(U ‖ p) = −log V − (1/V) Σ_v log p_v</c> (0 for an empty completion).
/// Needs the per-token self-certainty (<see cref="TokenStatistic.SelfCertainty"/>, computed in the same pass as the
/// entropy); it has no parts.
/// </summary>
public sealed class SelfCertaintyScorer : IEntropyScorer
{
    /// <inheritdoc />
    public TokenStatistic RequiredStatistics => TokenStatistic.SelfCertainty;

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><see cref="EntropyScoringInput.SelfCertainties"/> is null.</exception>
    public EntropyScores Score(EntropyScoringInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.SelfCertainties is null)
            throw new ArgumentException(
                "SelfCertaintyScorer needs EntropyScoringInput.SelfCertainties; compute TokenStatistic.SelfCertainty with the entropies.", nameof(input));
        using var scope = NewDisposeScope();
        var values = input.SelfCertainties.detach();
        var completion = input.CompletionMask.ne(0).to(values.device);
        ScoringMath.ThrowIfNotFinite(values, completion, "input");
        var score = ScoringMath.MaskedMean(values, completion);
        return new EntropyScores(score.MoveToOuterDisposeScope(), input.Spans.AnswerFound.to(values.device).clone().MoveToOuterDisposeScope());
    }
}
