namespace Gem.Core.Data;

/// <summary>Counts kept by a loader while it reads (updated as the enumeration proceeds).</summary>
public sealed class DataReadReport
{
    private readonly List<string> _errors = [];

    /// <summary>Records returned.</summary>
    public int Records { get; internal set; }

    /// <summary>Malformed records skipped (with <see cref="MalformedRecordHandling.Skip"/>).</summary>
    public int Skipped { get; internal set; }

    /// <summary>The messages of the first 20 skipped records (file, line, reason).</summary>
    public IReadOnlyList<string> Errors => _errors;

    internal void AddSkipped(string message)
    {
        Skipped++;
        if (_errors.Count < 20)
            _errors.Add(message);
    }
}
