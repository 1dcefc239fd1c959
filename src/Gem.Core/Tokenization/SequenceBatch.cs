using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Core.Tokenization;

/// <summary>
/// Encoded sequences as tensors in the layout <see cref="Generation.GenerationResult"/> uses: prompts left-padded to
/// a common width P, completions after them, right-padded to a common width C. The batch owns its tensors.
/// </summary>
public sealed class SequenceBatch : IDisposable
{
    private SequenceBatch(Tensor inputIds, Tensor attentionMask, Tensor completionMask, int promptWidth)
    {
        InputIds = inputIds;
        AttentionMask = attentionMask;
        CompletionMask = completionMask;
        PromptWidth = promptWidth;
    }

    /// <summary>Ids <c>[B, P + C]</c> int64 (pad id where the masks are 0).</summary>
    public Tensor InputIds { get; }

    /// <summary><c>[B, P + C]</c> int64: 1 on prompt and completion tokens, 0 on padding.</summary>
    public Tensor AttentionMask { get; }

    /// <summary><c>[B, C]</c> int64: 1 on completion tokens (columns <c>P …</c> of <see cref="InputIds"/>), 0 on padding.</summary>
    public Tensor CompletionMask { get; }

    /// <summary>P, the column where completions start.</summary>
    public int PromptWidth { get; }

    /// <summary>Builds the batch.</summary>
    /// <param name="sequences">B ≥ 1 sequences.</param>
    /// <param name="padTokenId">Id written on padding.</param>
    /// <param name="device">Where the tensors go (CPU when null).</param>
    public static SequenceBatch Create(IReadOnlyList<EncodedSequence> sequences, int padTokenId, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0)
            throw new ArgumentException("sequences must not be empty.", nameof(sequences));
        var p = sequences.Max(s => s.PromptLength);
        var c = Math.Max(1, sequences.Max(s => s.CompletionLength));
        var width = p + c;
        var ids = new long[sequences.Count * width];
        var mask = new long[sequences.Count * width];
        var completion = new long[sequences.Count * c];
        Array.Fill(ids, padTokenId);
        for (var b = 0; b < sequences.Count; b++)
        {
            var s = sequences[b];
            for (var t = 0; t < s.PromptLength; t++)
            {
                ids[b * width + p - s.PromptLength + t] = s.PromptIds[t];
                mask[b * width + p - s.PromptLength + t] = 1;
            }

            for (var t = 0; t < s.CompletionLength; t++)
            {
                ids[b * width + p + t] = s.CompletionIds[t];
                mask[b * width + p + t] = 1;
                completion[b * c + t] = 1;
            }
        }

        var shape = new long[] { sequences.Count, width };
        device ??= CPU;
        using var scope = NewDisposeScope();
        return new SequenceBatch(
            tensor(ids, shape, ScalarType.Int64).to(device).MoveToOuterDisposeScope(),
            tensor(mask, shape, ScalarType.Int64).to(device).MoveToOuterDisposeScope(),
            tensor(completion, new long[] { sequences.Count, c }, ScalarType.Int64).to(device).MoveToOuterDisposeScope(),
            p);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        InputIds.Dispose();
        AttentionMask.Dispose();
        CompletionMask.Dispose();
    }
}
