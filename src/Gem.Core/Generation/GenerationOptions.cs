namespace Gem.Core.Generation;

/// <summary>
/// How <see cref="CandidateGenerator"/> samples: every value is checked when it is set, so an options object that
/// exists is valid.
/// </summary>
/// <remarks>
/// Sampling applies, in this order, the temperature τ (<c>z / τ</c>), top-k, top-p and min-p to fp32 logits, then
/// draws from the softmax of what is left. <see cref="Greedy"/> takes the arg-max instead (the first index among
/// ties) and ignores the rest. Stop tokens, stop sequences and stop strings are kept as the end of the completion.
/// </remarks>
public sealed class GenerationOptions
{
    private readonly int _maxNewTokens = 256;
    private readonly int _candidatesPerPrompt = 1;
    private readonly double _temperature = 1.0;
    private readonly int _topK;
    private readonly double _topP = 1.0;
    private readonly double _minP;
    private readonly IReadOnlyList<int> _stopTokenIds = [];
    private readonly IReadOnlyList<IReadOnlyList<int>> _stopSequences = [];
    private readonly IReadOnlyList<string> _stopStrings = [];
    private readonly int _padTokenId;
    private readonly int _finishedCheckInterval = 8;

    /// <summary>Greedy decoding: <c>{ Greedy = true, MaxNewTokens = maxNewTokens }</c>.</summary>
    public static GenerationOptions GreedyDecoding(int maxNewTokens) => new() { Greedy = true, MaxNewTokens = maxNewTokens };

    /// <summary>The most tokens generated per candidate, M ≥ 1 (default 256).</summary>
    public int MaxNewTokens
    {
        get => _maxNewTokens;
        init => _maxNewTokens = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxNewTokens), value, "MaxNewTokens must be at least 1.");
    }

    /// <summary>k ≥ 1, the candidates sampled for each prompt (default 1).</summary>
    public int CandidatesPerPrompt
    {
        get => _candidatesPerPrompt;
        init => _candidatesPerPrompt = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(CandidatesPerPrompt), value, "CandidatesPerPrompt (k) must be at least 1.");
    }

    /// <summary>Take the arg-max token at every step (deterministic) instead of sampling (default false).</summary>
    public bool Greedy { get; init; }

    /// <summary>Sampling temperature τ &gt; 0, finite (default 1.0). Greedy decoding is <see cref="Greedy"/>, not τ = 0.</summary>
    public double Temperature
    {
        get => _temperature;
        init => _temperature = double.IsFinite(value) && value > 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Temperature), value, "Temperature must be finite and > 0; set Greedy = true for greedy decoding.");
    }

    /// <summary>Keep only tokens whose logit is at least the k-th largest (ties at the k-th value are all kept); 0 = off (default).</summary>
    public int TopK
    {
        get => _topK;
        init => _topK = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(TopK), value, "TopK must be ≥ 0 (0 turns it off).");
    }

    /// <summary>
    /// Nucleus sampling, p in (0, 1] (1 = off, default): with probabilities sorted in decreasing order, keep each token
    /// whose preceding cumulative probability is below p — the smallest prefix whose mass reaches p.
    /// </summary>
    public double TopP
    {
        get => _topP;
        init => _topP = value is > 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(TopP), value, "TopP must lie in (0, 1].");
    }

    /// <summary>Keep tokens with probability at least <c>MinP · p_max</c>, MinP in [0, 1) (0 = off, default).</summary>
    public double MinP
    {
        get => _minP;
        init => _minP = value is >= 0 and < 1 ? value : throw new ArgumentOutOfRangeException(nameof(MinP), value, "MinP must lie in [0, 1).");
    }

    /// <summary>Token ids that end a candidate (end-of-sequence, end-of-turn); each ≥ 0 (checked against V at generation).</summary>
    public IReadOnlyList<int> StopTokenIds
    {
        get => _stopTokenIds;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(StopTokenIds));
            foreach (var id in value)
            {
                if (id < 0)
                    throw new ArgumentOutOfRangeException(nameof(StopTokenIds), id, "Stop token ids must be ≥ 0.");
            }

            _stopTokenIds = value.ToArray();
        }
    }

    /// <summary>Token-id sequences that end a candidate when its completion ends with one; each non-empty, ids ≥ 0.</summary>
    public IReadOnlyList<IReadOnlyList<int>> StopSequences
    {
        get => _stopSequences;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(StopSequences));
            var copy = new IReadOnlyList<int>[value.Count];
            for (var i = 0; i < value.Count; i++)
            {
                if (value[i] is null || value[i].Count == 0)
                    throw new ArgumentException($"StopSequences[{i}] must be a non-empty token-id sequence.", nameof(StopSequences));
                if (value[i].Any(id => id < 0))
                    throw new ArgumentOutOfRangeException(nameof(StopSequences), $"StopSequences[{i}] holds a negative token id.");
                copy[i] = value[i].ToArray();
            }

            _stopSequences = copy;
        }
    }

    /// <summary>
    /// Texts that end a candidate once its decoded completion contains one (needs a tokenizer in the
    /// <see cref="CandidateGenerator"/>). They are checked every <see cref="FinishedCheckInterval"/> steps on the host;
    /// the completion is cut after the first token at which the text appears.
    /// </summary>
    public IReadOnlyList<string> StopStrings
    {
        get => _stopStrings;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(StopStrings));
            for (var i = 0; i < value.Count; i++)
            {
                if (string.IsNullOrEmpty(value[i]))
                    throw new ArgumentException($"StopStrings[{i}] must be a non-empty string.", nameof(StopStrings));
            }

            _stopStrings = value.ToArray();
        }
    }

    /// <summary>The id written after a candidate's end (its mask is 0 there); ≥ 0 and below V (default 0).</summary>
    public int PadTokenId
    {
        get => _padTokenId;
        init => _padTokenId = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(PadTokenId), value, "PadTokenId must be ≥ 0.");
    }

    /// <summary>Seed of the sampling generator; the same seed gives the same candidates on the same device. Null: use
    /// the generator passed to <see cref="CandidateGenerator.Generate"/>, else torch's global one.</summary>
    public long? Seed { get; init; }

    /// <summary>
    /// Steps between two checks of "have all rows finished?" and of stop strings and NaN logits (default 8, ≥ 1). Each
    /// check synchronises the device once; between checks the loop queues work without waiting.
    /// </summary>
    public int FinishedCheckInterval
    {
        get => _finishedCheckInterval;
        init => _finishedCheckInterval = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(FinishedCheckInterval), value, "FinishedCheckInterval must be at least 1.");
    }

    /// <summary>Use the model's key/value cache when it has one (default true); false recomputes the prefix every step.</summary>
    public bool UseKeyValueCache { get; init; } = true;
}
