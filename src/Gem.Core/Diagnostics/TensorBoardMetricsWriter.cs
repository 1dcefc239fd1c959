using TorchSharp;

namespace Gem.Core.Diagnostics;

/// <summary>
/// Writes each reported <see cref="GemStepMetrics"/> as TensorBoard scalars (tags from
/// <see cref="GemStepMetrics.ToScalars"/>) into an event file, through TorchSharp's
/// <c>torch.utils.tensorboard.SummaryWriter</c>. Use it as the trainer's <c>IProgress&lt;GemStepMetrics&gt;</c>.
/// </summary>
/// <remarks>Reports are written synchronously, in the caller's thread; TensorBoard reads the folder with
/// <c>tensorboard --logdir</c>.</remarks>
public sealed class TensorBoardMetricsWriter : IProgress<GemStepMetrics>
{
    private readonly TorchSharp.Modules.SummaryWriter _writer;
    private readonly object _gate = new();

    /// <summary>Creates the writer and its event file.</summary>
    /// <param name="logDirectory">The run's folder (created if missing); an event file <c>events.out.tfevents.*</c> is written there.</param>
    public TensorBoardMetricsWriter(string logDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(logDirectory);
        _writer = torch.utils.tensorboard.SummaryWriter(logDirectory);
    }

    /// <summary>The folder the event file is written to.</summary>
    public string LogDirectory => _writer.LogDir;

    /// <summary>Writes the metrics of one step as scalars at global step <see cref="GemStepMetrics.Step"/>.</summary>
    /// <param name="value">The step's metrics; its step must fit an int32 (TensorBoard's step type in TorchSharp).</param>
    public void Report(GemStepMetrics value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Step is < 0 or > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(value), value.Step, $"The step must lie in [0, {int.MaxValue}] for TensorBoard; got {value.Step}.");
        var wallTime = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        lock (_gate)
        {
            foreach (var (tag, scalar) in value.ToScalars())
                _writer.add_scalar(tag, (float)scalar, (int)value.Step, wallTime);
        }
    }
}
