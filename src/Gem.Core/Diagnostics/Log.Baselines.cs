using System.Globalization;
using Gem.Core.Training;
using Microsoft.Extensions.Logging;

namespace Gem.Core.Diagnostics;

/// <summary>Messages of the baseline trainers (the other part of this partial class holds GEM's).</summary>
internal static partial class Log
{
    /// <summary>Logs a baseline trainer's step at Information (formatting the scalars only when that level is on).</summary>
    public static void BaselineStepCompleted(ILogger logger, string trainer, TrainerStepMetrics m)
    {
        if (!logger.IsEnabled(LogLevel.Information))
            return;
        var scalars = string.Join(", ", m.Scalars.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:G4}")));
        BaselineStep(logger, trainer, m.Step, m.Loss, m.GradientNorm, m.LearningRate, m.TokensPerSecond, scalars);
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information,
        Message = "{Trainer} step {Step}: loss {Loss:G6}, grad norm {GradientNorm:G4}, lr {LearningRate:G4}, {TokensPerSecond:F0} tokens/s, {Scalars}")]
    private static partial void BaselineStep(ILogger logger, string trainer, long step, double loss, double gradientNorm, double learningRate,
        double tokensPerSecond, string scalars);
}
