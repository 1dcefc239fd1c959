namespace Gem.Samples.Llama.Model;

/// <summary>
/// The shape of a Llama-architecture decoder: sizes, grouped-query attention, rotary embeddings and the output head.
/// Validated when built: sizes positive, <c>HiddenSize</c> divisible by <c>HeadCount</c> (unless a head size is given),
/// <c>HeadCount</c> divisible by <c>KeyValueHeadCount</c>, head size even.
/// </summary>
public sealed class LlamaConfig
{
    private readonly int? _headDimension;
    private readonly double _ropeTheta = 10000.0;
    private readonly double _rmsNormEpsilon = 1e-5;
    private readonly int _maxSequenceLength = 2048;

    /// <summary>Creates a configuration.</summary>
    /// <param name="vocabularySize">V, the number of token ids.</param>
    /// <param name="hiddenSize">C, the width of the residual stream.</param>
    /// <param name="intermediateSize">The width of the SwiGLU feed-forward layer.</param>
    /// <param name="layerCount">The number of decoder layers.</param>
    /// <param name="headCount">The number of query heads.</param>
    /// <param name="keyValueHeadCount">The number of key/value heads (grouped-query attention); must divide <paramref name="headCount"/>.</param>
    public LlamaConfig(int vocabularySize, int hiddenSize, int intermediateSize, int layerCount, int headCount, int keyValueHeadCount)
    {
        RequirePositive(vocabularySize, nameof(vocabularySize));
        RequirePositive(hiddenSize, nameof(hiddenSize));
        RequirePositive(intermediateSize, nameof(intermediateSize));
        RequirePositive(layerCount, nameof(layerCount));
        RequirePositive(headCount, nameof(headCount));
        RequirePositive(keyValueHeadCount, nameof(keyValueHeadCount));
        if (headCount % keyValueHeadCount != 0)
            throw new ArgumentException($"keyValueHeadCount must divide headCount = {headCount}; it was {keyValueHeadCount}.", nameof(keyValueHeadCount));
        VocabularySize = vocabularySize;
        HiddenSize = hiddenSize;
        IntermediateSize = intermediateSize;
        LayerCount = layerCount;
        HeadCount = headCount;
        KeyValueHeadCount = keyValueHeadCount;
    }

    /// <summary>V, the number of token ids.</summary>
    public int VocabularySize { get; }

    /// <summary>C, the width of the residual stream.</summary>
    public int HiddenSize { get; }

    /// <summary>The width of the SwiGLU feed-forward layer.</summary>
    public int IntermediateSize { get; }

    /// <summary>The number of decoder layers.</summary>
    public int LayerCount { get; }

    /// <summary>The number of query heads.</summary>
    public int HeadCount { get; }

    /// <summary>The number of key/value heads.</summary>
    public int KeyValueHeadCount { get; }

    /// <summary>D, the size of one head: <c>HiddenSize / HeadCount</c> unless given (Hugging Face <c>head_dim</c>). Must be even.</summary>
    /// <exception cref="ArgumentException">When not given and <c>HiddenSize</c> is not divisible by <c>HeadCount</c>, or when odd.</exception>
    public int HeadDimension
    {
        get => _headDimension ?? HiddenSize / HeadCount;
        init
        {
            if (value <= 0 || value % 2 != 0)
                throw new ArgumentOutOfRangeException(nameof(HeadDimension), value, "Expected a positive even head size.");
            _headDimension = value;
        }
    }

    /// <summary>The base θ of the rotary frequencies <c>θ^(−2i/D)</c> (10000 for Llama 2, 500000 for Llama 3).</summary>
    public double RopeTheta
    {
        get => _ropeTheta;
        init
        {
            if (!double.IsFinite(value) || value <= 1)
                throw new ArgumentOutOfRangeException(nameof(RopeTheta), value, "Expected a finite value greater than 1.");
            _ropeTheta = value;
        }
    }

    /// <summary>Llama 3.1 frequency scaling, or <see langword="null"/> for none.</summary>
    public Llama3RopeScaling? RopeScaling { get; init; }

    /// <summary>Which features the rotary embedding pairs (Hugging Face checkpoints: <see cref="Model.RopeConvention.HalfSplit"/>).</summary>
    public RopeConvention RopeConvention { get; init; } = RopeConvention.HalfSplit;

    /// <summary>ε of RMSNorm, <c>x / sqrt(mean(x²) + ε)</c>.</summary>
    public double RmsNormEpsilon
    {
        get => _rmsNormEpsilon;
        init
        {
            if (!double.IsFinite(value) || value <= 0)
                throw new ArgumentOutOfRangeException(nameof(RmsNormEpsilon), value, "Expected a finite positive value.");
            _rmsNormEpsilon = value;
        }
    }

    /// <summary>The longest sequence (prompt plus completion) the model accepts (Hugging Face <c>max_position_embeddings</c>).</summary>
    public int MaxSequenceLength
    {
        get => _maxSequenceLength;
        init
        {
            RequirePositive(value, nameof(MaxSequenceLength));
            _maxSequenceLength = value;
        }
    }

    /// <summary>Whether the output head shares the token embedding matrix (<c>tie_word_embeddings</c>).</summary>
    public bool TieWordEmbeddings { get; init; }

    /// <summary>Throws when the head size cannot be derived (<c>HiddenSize % HeadCount ≠ 0</c> with no explicit head size) or is odd.</summary>
    /// <exception cref="ArgumentException">When the configuration is inconsistent.</exception>
    public void Validate()
    {
        if (_headDimension is null && HiddenSize % HeadCount != 0)
            throw new ArgumentException($"HiddenSize = {HiddenSize} must be divisible by HeadCount = {HeadCount} when HeadDimension is not given.");
        if (HeadDimension % 2 != 0)
            throw new ArgumentException($"HeadDimension must be even for rotary embeddings; it is {HeadDimension}.");
    }

    private static void RequirePositive(int value, string name)
    {
        if (value <= 0)
            throw new ArgumentOutOfRangeException(name, value, "Expected a positive value.");
    }
}
