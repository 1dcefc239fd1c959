namespace Gem.Sega.Objectives;

/// <summary>The figures TRL's DPO trainer logs, as means over the batch of pairs.</summary>
/// <param name="RewardsChosen"><c>rewards/chosen</c>: mean of <c>β(ℓ⁺ − ℓ⁺_ref)</c>.</param>
/// <param name="RewardsRejected"><c>rewards/rejected</c>: mean of <c>β(ℓ⁻ − ℓ⁻_ref)</c>.</param>
/// <param name="RewardsAccuracy"><c>rewards/accuracies</c>: fraction of pairs whose chosen reward exceeds the rejected one.</param>
/// <param name="RewardsMargin"><c>rewards/margins</c>: mean of chosen minus rejected reward.</param>
/// <param name="LogProbabilitiesChosen"><c>logps/chosen</c>: mean of <c>ℓ⁺</c>.</param>
/// <param name="LogProbabilitiesRejected"><c>logps/rejected</c>: mean of <c>ℓ⁻</c>.</param>
public sealed record DpoDiagnostics(
    double RewardsChosen,
    double RewardsRejected,
    double RewardsAccuracy,
    double RewardsMargin,
    double LogProbabilitiesChosen,
    double LogProbabilitiesRejected);
