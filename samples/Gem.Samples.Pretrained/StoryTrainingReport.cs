using Gem.Core.Diagnostics;
using Gem.Samples.Common;

namespace Gem.Samples.Pretrained;

/// <summary>What a training run measured: the probe before and after, and every step's metrics.</summary>
/// <param name="Before">Mean score and parts of the probe candidates before the first step.</param>
/// <param name="After">The same probe (same seed) after the last step.</param>
/// <param name="History">Each step's metrics.</param>
public sealed record StoryTrainingReport(ScoreSummary Before, ScoreSummary After, IReadOnlyList<GemStepMetrics> History);
