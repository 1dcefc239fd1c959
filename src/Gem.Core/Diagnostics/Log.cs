using Microsoft.Extensions.Logging;

namespace Gem.Core.Diagnostics;

/// <summary>Gem's log messages, source-generated (<c>[LoggerMessage]</c>: no formatting cost when the level is off).</summary>
internal static partial class Log
{
    /// <summary>Logs a <see cref="GemStepMetrics"/> at Information.</summary>
    public static void StepCompleted(ILogger logger, GemStepMetrics m) =>
        StepMetrics(logger, m.Step, m.Loss, m.RewardMean, m.RewardStd, m.AdvantageAbsMean, m.MeanFinalEntropy, m.MeanForkTerm,
            m.AnswerFoundFraction, m.ZeroVarianceGroups, m.Groups, m.KullbackLeibler ?? double.NaN, m.GradientNorm, m.LearningRate,
            m.MeanCompletionLength, m.TokensPerSecond, m.GenerationTime.TotalSeconds, m.UpdateTime.TotalSeconds);

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information,
        Message = "GEM step {Step}: loss {Loss:G6}, reward {RewardMean:G4} ± {RewardStd:G4}, |advantage| {AdvantageAbsMean:G4}, " +
                  "H_final {MeanFinalEntropy:G4}, fork {MeanForkTerm:G4}, answer found {AnswerFoundFraction:P0}, " +
                  "zero-variance groups {ZeroVarianceGroups}/{Groups}, KL {KullbackLeibler:G4}, grad norm {GradientNorm:G4}, " +
                  "lr {LearningRate:G4}, completion length {MeanCompletionLength:F1}, {TokensPerSecond:F0} tokens/s, " +
                  "generation {GenerationSeconds:F2} s, update {UpdateSeconds:F2} s")]
    public static partial void StepMetrics(ILogger logger, long step, double loss, double rewardMean, double rewardStd, double advantageAbsMean,
        double meanFinalEntropy, double meanForkTerm, double answerFoundFraction, int zeroVarianceGroups, int groups, double kullbackLeibler,
        double gradientNorm, double learningRate, double meanCompletionLength, double tokensPerSecond, double generationSeconds, double updateSeconds);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "GEM step {Step}: all {Groups} groups had zero reward variance; the step carried no gradient")]
    public static partial void AllGroupsZeroVariance(ILogger logger, long step, int groups);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Checkpoint saved after step {Step} to {Path}")]
    public static partial void CheckpointSaved(ILogger logger, long step, string path);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Resumed from checkpoint {Path} at step {Step}")]
    public static partial void CheckpointLoaded(ILogger logger, string path, long step);
}
