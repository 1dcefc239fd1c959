using System.Globalization;
using Gem.Samples.QuickStart.Experiment;

namespace Gem.Samples.QuickStart.Console;

/// <summary>
/// Shows an experiment's progress: on a terminal one line per stage redrawn in place with a bar; otherwise (a file or a
/// pipe) one line when each stage ends, so logs stay readable.
/// </summary>
public sealed class ProgressDisplay : IProgress<ExperimentProgress>
{
    private const int BarWidth = 24;
    private readonly TextWriter _output;
    private readonly bool _interactive;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private DateTime _lastDraw = DateTime.MinValue;
    private int _lastLength;

    /// <summary>Creates a display writing to <paramref name="output"/>.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="interactive">Redraw lines in place (a terminal).</param>
    public ProgressDisplay(TextWriter output, bool interactive)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _interactive = interactive;
    }

    /// <inheritdoc />
    public void Report(ExperimentProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var elapsed = _clock.Elapsed;
        var head = string.Create(CultureInfo.InvariantCulture, $"[{(int)elapsed.TotalMinutes:D2}:{elapsed.Seconds:D2}] {value.Stage,-22}");
        if (value.Finished)
        {
            Clear();
            _output.WriteLine($"{head} done: {value.Detail}");
            return;
        }

        if (!_interactive)
            return;
        var now = DateTime.UtcNow;
        if (now - _lastDraw < TimeSpan.FromMilliseconds(100))
            return;
        _lastDraw = now;
        var bar = value.Total > 0
            ? "[" + new string('#', (int)(BarWidth * Math.Clamp((double)value.Done / value.Total, 0, 1))).PadRight(BarWidth, '.') + "] " +
              string.Create(CultureInfo.InvariantCulture, $"{value.Done}/{value.Total}")
            : "";
        var line = $"{head} {bar} {value.Detail}";
        _output.Write("\r" + line.PadRight(_lastLength));
        _lastLength = line.Length;
    }

    private void Clear()
    {
        if (_interactive && _lastLength > 0)
            _output.Write("\r" + new string(' ', _lastLength) + "\r");
        _lastLength = 0;
    }
}
