using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Core.Generation;

/// <summary>
/// The candidates of one <see cref="CandidateGenerator.Generate"/> call: <c>N = B · k</c> rows, row
/// <c>r = b · k + j</c> holding candidate j of prompt b. Tensors live on the model's device; the result owns them and
/// <see cref="Dispose"/> frees them.
/// </summary>
/// <remarks>
/// Layout of a row of <see cref="Sequences"/> (width <c>P + M</c>): the prompt, left-padded to the common width P, then
/// the completion (at most M tokens, M = the longest completion generated, ≤ MaxNewTokens), then pad ids. This is the
/// layout a teacher-forced forward takes directly with <see cref="AttentionMask"/>.
/// </remarks>
public sealed class GenerationResult : IDisposable
{
    private readonly int[][] _completionTokens;

    internal GenerationResult(
        Tensor sequences, Tensor attentionMask, Tensor completionIds, Tensor completionMask, int promptCount, int candidatesPerPrompt, int promptWidth,
        int[] promptLengths, int[] completionLengths, FinishReason[] finishReasons, int[][] completionTokens)
    {
        Sequences = sequences;
        AttentionMask = attentionMask;
        CompletionMask = completionMask;
        CompletionIds = completionIds;
        PromptCount = promptCount;
        CandidatesPerPrompt = candidatesPerPrompt;
        PromptWidth = promptWidth;
        PromptLengths = promptLengths;
        CompletionLengths = completionLengths;
        FinishReasons = finishReasons;
        _completionTokens = completionTokens;
    }

    /// <summary>Prompt ids and completions, <c>[N, P + M]</c> int64 (layout in the class remarks).</summary>
    public Tensor Sequences { get; }

    /// <summary><c>[N, P + M]</c> int64: 1 on real prompt tokens and completion tokens, 0 on padding (left and right).</summary>
    public Tensor AttentionMask { get; }

    /// <summary>The completion columns of <see cref="Sequences"/>, <c>[N, M]</c> int64 (pad ids after each row's end).</summary>
    public Tensor CompletionIds { get; }

    /// <summary><c>[N, M]</c> int64: 1 on completion tokens (the stop token included), 0 after the row's end.</summary>
    public Tensor CompletionMask { get; }

    /// <summary>B, the number of prompts.</summary>
    public int PromptCount { get; }

    /// <summary>k, the candidates per prompt.</summary>
    public int CandidatesPerPrompt { get; }

    /// <summary>N = B · k, the rows.</summary>
    public int RowCount => PromptCount * CandidatesPerPrompt;

    /// <summary>P, the padded prompt width: completions start at column P of <see cref="Sequences"/>.</summary>
    public int PromptWidth { get; }

    /// <summary>M, the completion width (the longest completion).</summary>
    public int CompletionWidth => (int)CompletionMask.shape[1];

    /// <summary>Per row (length N), the prompt's real token count.</summary>
    public IReadOnlyList<int> PromptLengths { get; }

    /// <summary>Per row (length N), the completion's token count (the stop token included), 1 … MaxNewTokens.</summary>
    public IReadOnlyList<int> CompletionLengths { get; }

    /// <summary>Per row (length N), why the completion ended.</summary>
    public IReadOnlyList<FinishReason> FinishReasons { get; }

    /// <summary>The row index of candidate <paramref name="candidate"/> of prompt <paramref name="prompt"/>: <c>prompt · k + candidate</c>.</summary>
    public int RowOf(int prompt, int candidate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(prompt);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(prompt, PromptCount);
        ArgumentOutOfRangeException.ThrowIfNegative(candidate);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(candidate, CandidatesPerPrompt);
        return prompt * CandidatesPerPrompt + candidate;
    }

    /// <summary>The completion tokens of row <paramref name="row"/> (a host copy, without padding).</summary>
    public IReadOnlyList<int> GetCompletionTokens(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, RowCount);
        return _completionTokens[row];
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Sequences.Dispose();
        AttentionMask.Dispose();
        CompletionIds.Dispose();
        CompletionMask.Dispose();
    }
}
