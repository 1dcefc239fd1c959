using Gem.Core.Generation;

namespace Gem.Core.Training;

/// <summary>
/// What is particular to GEM among the trainers: how candidates are sampled and whether the human pair joins each
/// group (DESIGN.md step 1). Scorer, ranker and objective are passed to <see cref="GemTrainer"/> themselves, each
/// with its own validated options. Each value is checked when it is set.
/// </summary>
public sealed class GemTrainerOptions
{
    private readonly GenerationOptions _generation = new() { CandidatesPerPrompt = 4, Temperature = 0.9, TopP = 1.0, MaxNewTokens = 256 };

    /// <summary>The defaults of the paper: k = 4 candidates at τ = 0.9, top-p 1.0, at most 256 new tokens, human pair included.</summary>
    public static GemTrainerOptions Default { get; } = new();

    /// <summary>
    /// Candidate sampling: <see cref="GenerationOptions.CandidatesPerPrompt"/> is k. Default k = 4, τ = 0.9, top-p 1.0,
    /// 256 new tokens. Stop tokens should include the model's end-of-sequence id.
    /// </summary>
    public GenerationOptions Generation
    {
        get => _generation;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Generation));
            if (value.Greedy && value.CandidatesPerPrompt > 1)
                throw new ArgumentException(
                    $"Generation samples k = {value.CandidatesPerPrompt} candidates greedily, which makes them identical; set Greedy = false or k = 1.",
                    nameof(Generation));
            _generation = value;
        }
    }

    /// <summary>Whether an example's human pair (a⁺, a⁻) joins its group beside the k samples (default true, as in the paper).</summary>
    public bool IncludeHumanPair { get; init; } = true;

    /// <summary>k, the sampled candidates per prompt.</summary>
    public int CandidatesPerPrompt => Generation.CandidatesPerPrompt;
}
