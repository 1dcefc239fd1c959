using System.Globalization;
using Gem.Core.Diagnostics;

namespace Gem.Samples.Common;

/// <summary>
/// Prints each GEM step's metrics as one row of a fixed-width table (an <see cref="IProgress{T}"/> to hand to
/// <see cref="Gem.Core.Training.PolicyTrainer{TMetrics}.Train"/>); the header comes before the first row.
/// </summary>
public sealed class MetricsTable : IProgress<GemStepMetrics>
{
    private readonly TextWriter _output;
    private bool _headerWritten;

    /// <summary>Creates a table that writes to <paramref name="output"/>.</summary>
    /// <param name="output">Where the rows go.</param>
    public MetricsTable(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
    }

    /// <summary>The header line: step, loss, reward mean and std, |A| mean, H_final, F, gradient norm, learning rate,
    /// completion length, tokens per second, generation and update time (ms).</summary>
    public static string Header =>
        "step      loss   reward  rew.std      |A|  H_final        F  grad.norm        lr    len    tok/s   gen.ms   upd.ms";

    /// <summary>One step's row.</summary>
    /// <param name="m">The step's metrics.</param>
    /// <returns>The row, aligned with <see cref="Header"/>.</returns>
    public static string Row(GemStepMetrics m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return string.Create(CultureInfo.InvariantCulture,
            $"{m.Step,4} {m.Loss,9:F4} {m.RewardMean,8:F4} {m.RewardStd,8:F4} {m.AdvantageAbsMean,8:F4} {m.MeanFinalEntropy,8:F4} {m.MeanForkTerm,8:F4} {m.GradientNorm,10:F4} {m.LearningRate,9:0.0e+0} {m.MeanCompletionLength,6:F1} {m.TokensPerSecond,8:F0} {m.GenerationTime.TotalMilliseconds,8:F0} {m.UpdateTime.TotalMilliseconds,8:F0}");
    }

    /// <inheritdoc />
    public void Report(GemStepMetrics value)
    {
        if (!_headerWritten)
        {
            _output.WriteLine(Header);
            _headerWritten = true;
        }

        _output.WriteLine(Row(value));
    }
}
