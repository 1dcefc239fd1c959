using Gem.Samples.QuickStart.Calibration;

namespace Gem.Samples.QuickStart.Experiment;

/// <summary>Everything an experiment measured.</summary>
/// <param name="Plan">What was run.</param>
/// <param name="WarmStart">Where the warm start came from.</param>
/// <param name="ParameterCount">The model's trainable parameters.</param>
/// <param name="WarmStartScores">The warm start's held-out scores (the row every method starts from).</param>
/// <param name="Runs">One result per method and seed.</param>
/// <param name="Calibration">The calibration check on the warm start, when the plan asks for it.</param>
/// <param name="TotalSeconds">Wall-clock time of the whole experiment.</param>
public sealed record ExperimentReport(
    ExperimentPlan Plan,
    WarmStartWeights WarmStart,
    long ParameterCount,
    HeldOutScores WarmStartScores,
    IReadOnlyList<RunResult> Runs,
    CalibrationReport? Calibration,
    double TotalSeconds);
