namespace Gem.Core.Data;

/// <summary>A record of a data file could not be read; the message names the file and the line.</summary>
public sealed class DataFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public DataFormatException()
    {
        FilePath = "";
    }

    /// <summary>Creates the exception with a message.</summary>
    public DataFormatException(string message) : base(message)
    {
        FilePath = "";
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public DataFormatException(string message, Exception innerException) : base(message, innerException)
    {
        FilePath = "";
    }

    /// <summary>Creates the exception for <paramref name="filePath"/> at <paramref name="lineNumber"/> (1-based).</summary>
    public DataFormatException(string filePath, int lineNumber, string reason, Exception? innerException = null)
        : base($"{filePath}, line {lineNumber}: {reason}", innerException)
    {
        FilePath = filePath;
        LineNumber = lineNumber;
        Reason = reason;
    }

    /// <summary>The file.</summary>
    public string FilePath { get; }

    /// <summary>The 1-based line where the record starts.</summary>
    public int LineNumber { get; }

    /// <summary>What is wrong with the record.</summary>
    public string? Reason { get; }
}
