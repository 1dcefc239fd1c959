namespace Gem.Core.Data;

/// <summary>What a loader does with a record it cannot read.</summary>
public enum MalformedRecordHandling
{
    /// <summary>Throw a <see cref="DataFormatException"/> naming file and line (default).</summary>
    Throw = 0,

    /// <summary>Skip the record and count it in the <see cref="DataReadReport"/>.</summary>
    Skip = 1,
}
