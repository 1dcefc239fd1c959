namespace Gem.Core.Training.Checkpoints;

/// <summary>A checkpoint file is corrupt, truncated, not a Gem checkpoint, or does not fit what it is loaded into.</summary>
public sealed class CheckpointException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="message">What is wrong; the path is prefixed.</param>
    /// <param name="innerException">The cause, if any.</param>
    public CheckpointException(string path, string message, Exception? innerException = null)
        : base($"Checkpoint '{path}': {message}", innerException) => FilePath = path;

    /// <summary>Creates the exception without a path.</summary>
    public CheckpointException() : base("Invalid checkpoint.") => FilePath = string.Empty;

    /// <summary>Creates the exception without a path.</summary>
    /// <param name="message">What is wrong.</param>
    public CheckpointException(string message) : base(message) => FilePath = string.Empty;

    /// <summary>Creates the exception without a path.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public CheckpointException(string message, Exception innerException) : base(message, innerException) => FilePath = string.Empty;

    /// <summary>The checkpoint file concerned.</summary>
    public string FilePath { get; }
}
