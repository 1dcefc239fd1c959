namespace Gem.Core.Training.Checkpoints;

/// <summary>The description stored with a checkpoint, readable without loading it (<see cref="TrainingCheckpoint.ReadManifest(string)"/>).</summary>
public sealed record CheckpointManifest
{
    /// <summary>The format version of the file (<see cref="TrainingCheckpoint.FormatVersion"/> when written by this version).</summary>
    public required int FormatVersion { get; init; }

    /// <summary>The training step the checkpoint was taken after.</summary>
    public required long Step { get; init; }

    /// <summary>Every tensor of the module's state dictionary (parameters and buffers), in order.</summary>
    public required IReadOnlyList<CheckpointTensor> Tensors { get; init; }

    /// <summary>The optimiser's type name, or <see langword="null"/> when no optimiser state was saved.</summary>
    public string? OptimizerType { get; init; }

    /// <summary>Bytes of the payload (everything between the header and the manifest).</summary>
    public required long PayloadLength { get; init; }

    /// <summary>SHA-256 of the payload, lower-case hexadecimal.</summary>
    public required string PayloadSha256 { get; init; }
}

/// <summary>Name, shape and dtype of one tensor of a module's state dictionary.</summary>
/// <param name="Name">The state-dictionary key, e.g. <c>layers.0.attention.q_proj.weight</c>.</param>
/// <param name="Shape">The shape.</param>
/// <param name="DType">The dtype's name (<c>Float32</c>, <c>BFloat16</c>, …).</param>
public sealed record CheckpointTensor(string Name, IReadOnlyList<long> Shape, string DType);
