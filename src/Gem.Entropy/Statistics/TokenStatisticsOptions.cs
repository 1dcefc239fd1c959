namespace Gem.Entropy.Statistics;

/// <summary>
/// How <see cref="TokenStatistics"/> computes: chunk size, temperature and whether entropy keeps its graph.
/// Validated when set.
/// </summary>
public sealed class TokenStatisticsOptions
{
    /// <summary>The default options: automatic chunking, temperature 1, entropy detached.</summary>
    public static TokenStatisticsOptions Default { get; } = new();

    /// <summary>
    /// Elements (rows × vocabulary) that one chunk may hold when <see cref="ChunkRows"/> is not set; peak extra memory
    /// is one chunk of fp32 values (the exponentials; two chunks when the logits are not fp32 or the temperature is not 1,
    /// for the fp32 copy), whatever the number of tokens.
    /// <see langword="null"/> (the default) chooses by device: <see cref="CpuChunkElementBudget"/> on the CPU, where
    /// a chunk that stays in cache is fastest, and <see cref="AcceleratorChunkElementBudget"/> elsewhere, where large
    /// kernels are fastest. At least 1 when set.
    /// </summary>
    public long? ChunkElementBudget
    {
        get => _chunkElementBudget;
        init
        {
            if (value is < 1)
                throw new ArgumentOutOfRangeException(nameof(ChunkElementBudget), value, "ChunkElementBudget must be at least 1 element when set.");
            _chunkElementBudget = value;
        }
    }

    /// <summary>The automatic chunk budget on the CPU: 2^20 elements (4 MiB of fp32 per temporary).</summary>
    public const long CpuChunkElementBudget = 1L << 20;

    /// <summary>The automatic chunk budget on CUDA and other accelerators: 2^24 elements (64 MiB of fp32 per temporary).</summary>
    public const long AcceleratorChunkElementBudget = 1L << 24;

    /// <summary>Rows (tokens) per chunk; <see langword="null"/> chooses <c>max(1, budget / V)</c> (see <see cref="ChunkElementBudget"/>).</summary>
    public int? ChunkRows
    {
        get => _chunkRows;
        init
        {
            if (value is < 1)
                throw new ArgumentOutOfRangeException(nameof(ChunkRows), value, "ChunkRows must be at least 1 when set.");
            _chunkRows = value;
        }
    }

    /// <summary>Logits are divided by this before every statistic (default 1; must be finite and &gt; 0).</summary>
    public double Temperature
    {
        get => _temperature;
        init
        {
            if (!double.IsFinite(value) || value <= 0)
                throw new ArgumentOutOfRangeException(nameof(Temperature), value, "Temperature must be finite and greater than 0.");
            _temperature = value;
        }
    }

    /// <summary>
    /// When <see langword="true"/> the entropy keeps its autograd graph (costs the memory of the chunk's temporaries
    /// until backward). Default <see langword="false"/>: entropy is detached, the cheap case GEM needs.
    /// </summary>
    public bool EntropyRequiresGrad { get; init; }

    private long? _chunkElementBudget;
    private int? _chunkRows;
    private double _temperature = 1.0;

    /// <summary>The rows per chunk for <paramref name="rows"/> rows of a vocabulary of <paramref name="vocabularySize"/> on <paramref name="deviceType"/>.</summary>
    internal long ResolveChunkRows(long rows, long vocabularySize, TorchSharp.DeviceType deviceType)
    {
        var budget = _chunkElementBudget ?? (deviceType == TorchSharp.DeviceType.CPU ? CpuChunkElementBudget : AcceleratorChunkElementBudget);
        var chunk = _chunkRows ?? Math.Max(1L, budget / Math.Max(1L, vocabularySize));
        return Math.Max(1L, Math.Min(chunk, Math.Max(1L, rows)));
    }
}
