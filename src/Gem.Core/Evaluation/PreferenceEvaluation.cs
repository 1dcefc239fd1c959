namespace Gem.Core.Evaluation;

/// <summary>
/// Preference accuracy on held-out pairs under the three scores of DESIGN.md: the fraction of pairs whose chosen
/// completion scores above the rejected one (a tie counts one half). Accuracies are in [0, 1].
/// </summary>
/// <param name="Pairs">Pairs evaluated.</param>
/// <param name="ImplicitRewardAccuracy">Under DPO's implicit reward <c>β(ℓ_θ − ℓ_ref)</c> (with <c>ℓ_ref = 0</c> when no reference was given).</param>
/// <param name="LengthNormalizedAccuracy">Under the per-token mean log-likelihood <c>ℓ_θ / |a|</c>.</param>
/// <param name="GemScoreAccuracy">Under the GEM score <c>S(a)</c> of the evaluator's scorer.</param>
/// <param name="MeanImplicitRewardMargin">Mean of <c>β[(ℓ⁺_θ − ℓ⁺_ref) − (ℓ⁻_θ − ℓ⁻_ref)]</c>.</param>
public sealed record PreferenceEvaluation(
    int Pairs,
    double ImplicitRewardAccuracy,
    double LengthNormalizedAccuracy,
    double GemScoreAccuracy,
    double MeanImplicitRewardMargin);
