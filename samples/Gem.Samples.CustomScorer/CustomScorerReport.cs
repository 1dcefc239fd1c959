using Gem.Core.Diagnostics;

namespace Gem.Samples.CustomScorer;

/// <summary>What the training part measured.</summary>
/// <param name="Before">The probe before the first step.</param>
/// <param name="After">The same probe (same seed) after the last step.</param>
/// <param name="History">Each step's metrics.</param>
public sealed record CustomScorerReport(ProbeSummary Before, ProbeSummary After, IReadOnlyList<GemStepMetrics> History);
