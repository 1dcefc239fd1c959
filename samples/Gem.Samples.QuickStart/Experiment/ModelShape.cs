namespace Gem.Samples.QuickStart.Experiment;

/// <summary>The size of the quick-start's Llama. Validated when built.</summary>
public sealed record ModelShape
{
    /// <summary>Creates a shape; throws <see cref="ArgumentOutOfRangeException"/> naming a value that is not positive.</summary>
    /// <param name="hiddenSize">Width of the residual stream.</param>
    /// <param name="intermediateSize">Width of the SwiGLU layer.</param>
    /// <param name="layerCount">Decoder layers.</param>
    /// <param name="headCount">Query heads (must divide <paramref name="hiddenSize"/>).</param>
    /// <param name="keyValueHeadCount">Key/value heads (must divide <paramref name="headCount"/>).</param>
    /// <param name="maxSequenceLength">The longest prompt plus completion.</param>
    public ModelShape(int hiddenSize, int intermediateSize, int layerCount, int headCount, int keyValueHeadCount, int maxSequenceLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(intermediateSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(layerCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(headCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(keyValueHeadCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSequenceLength, 8);
        if (hiddenSize % headCount != 0)
            throw new ArgumentException($"hiddenSize ({hiddenSize}) must be divisible by headCount ({headCount}).", nameof(hiddenSize));
        if (headCount % keyValueHeadCount != 0)
            throw new ArgumentException($"keyValueHeadCount ({keyValueHeadCount}) must divide headCount ({headCount}).", nameof(keyValueHeadCount));
        (HiddenSize, IntermediateSize, LayerCount, HeadCount, KeyValueHeadCount, MaxSequenceLength) =
            (hiddenSize, intermediateSize, layerCount, headCount, keyValueHeadCount, maxSequenceLength);
    }

    /// <summary>The demo's model: width 96, 3 layers, 4 query and 2 key/value heads (about 0.3 M parameters).</summary>
    public static ModelShape Small { get; } = new(96, 256, 3, 4, 2, 192);

    /// <summary>A model for tests: width 32, 1 layer.</summary>
    public static ModelShape Tiny { get; } = new(32, 64, 1, 2, 1, 192);

    /// <summary>Width of the residual stream.</summary>
    public int HiddenSize { get; }

    /// <summary>Width of the SwiGLU layer.</summary>
    public int IntermediateSize { get; }

    /// <summary>Decoder layers.</summary>
    public int LayerCount { get; }

    /// <summary>Query heads.</summary>
    public int HeadCount { get; }

    /// <summary>Key/value heads.</summary>
    public int KeyValueHeadCount { get; }

    /// <summary>The longest prompt plus completion.</summary>
    public int MaxSequenceLength { get; }
}
