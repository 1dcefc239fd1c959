using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;
using Microsoft.ML.Tokenizers;

namespace Gem.Samples.QuickStart.Tokenization;

/// <summary>
/// A word-level <see cref="Tokenizer"/> for the arithmetic task, with digits as single tokens so that the
/// model sees numbers digit by digit. Text is split into pieces — a word with its leading space
/// (<c>" apples"</c>), a digit with an optional leading space (<c>" 1"</c>, <c>"2"</c>), a punctuation mark with an
/// optional leading space, or a lone space — and each piece is encoded by greedy longest match over the
/// vocabulary, falling back to single characters. <c>Decode(EncodeToIds(text)) == text</c> for every text made
/// of the vocabulary's characters; a character outside it is an error, never an unknown token.
/// Special tokens (PAD 0, BOS 1, EOS 2) are never produced by encoding text and decode to nothing.
/// </summary>
public sealed class TaskTokenizer : Tokenizer
{
    private readonly string[] _tokens;
    private readonly FrozenDictionary<string, int> _ids;
    private readonly int _longestToken;

    /// <summary>Creates a tokenizer over <paramref name="vocabulary"/> (id = position; ids 0–2 are PAD, BOS, EOS).</summary>
    public TaskTokenizer(IReadOnlyList<string> vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (vocabulary.Count < 4 || vocabulary[0] != TaskVocabulary.PadToken || vocabulary[1] != TaskVocabulary.BosToken || vocabulary[2] != TaskVocabulary.EosToken)
        {
            throw new ArgumentException(
                $"Expected a vocabulary starting with '{TaskVocabulary.PadToken}', '{TaskVocabulary.BosToken}', '{TaskVocabulary.EosToken}' and at least one more token.",
                nameof(vocabulary));
        }

        _tokens = [.. vocabulary];
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var id = 0; id < _tokens.Length; id++)
        {
            if (_tokens[id].Length == 0 || !ids.TryAdd(_tokens[id], id))
            {
                throw new ArgumentException($"Token {id} ('{_tokens[id]}') is empty or a duplicate.", nameof(vocabulary));
            }
        }

        _ids = ids.ToFrozenDictionary(StringComparer.Ordinal);
        _longestToken = _tokens.Skip(SpecialTokenCount).Max(t => t.Length);
    }

    /// <summary>How many special tokens come first (PAD, BOS, EOS).</summary>
    public const int SpecialTokenCount = 3;

    /// <summary>The tokenizer over <see cref="TaskVocabulary.Build"/>, built once.</summary>
    public static TaskTokenizer Default => DefaultHolder.Instance;

    /// <summary>The padding id (0); padded positions are masked out.</summary>
    public int PadId => _ids[TaskVocabulary.PadToken];

    /// <summary>The beginning-of-sequence id (1).</summary>
    public int BosId => _ids[TaskVocabulary.BosToken];

    /// <summary>The end-of-sequence id (2).</summary>
    public int EosId => _ids[TaskVocabulary.EosToken];

    /// <summary>How many ids there are: the model's vocabulary size.</summary>
    public int VocabularySize => _tokens.Length;

    /// <summary>The vocabulary, id → token text.</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary>The id of <paramref name="token"/>, or <c>null</c> when it is not in the vocabulary.</summary>
    public int? TokenToId(string token) => _ids.TryGetValue(token, out var id) ? id : null;

    /// <summary>Encodes <paramref name="text"/> to ids, with BOS before and EOS after when asked.</summary>
    public IReadOnlyList<int> EncodeWithSpecialTokens(string text, bool addBeginningOfSequence, bool addEndOfSequence)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(text.Length / 3 + 2);
        if (addBeginningOfSequence)
        {
            ids.Add(BosId);
        }

        ids.AddRange(EncodeToIds(text));
        if (addEndOfSequence)
        {
            ids.Add(EosId);
        }

        return ids;
    }

    /// <summary>
    /// Encodes <c>[BOS] prompt completion [EOS]</c> and says where the completion starts. Because pieces never
    /// cross a space, encoding the two parts separately gives the same ids as encoding their concatenation
    /// whenever the completion starts with a space (as every completion of the task does).
    /// </summary>
    public PromptCompletionIds EncodePromptAndCompletion(string prompt, string completion)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(completion);
        var promptIds = EncodeWithSpecialTokens(prompt, addBeginningOfSequence: true, addEndOfSequence: false);
        var completionIds = EncodeWithSpecialTokens(completion, addBeginningOfSequence: false, addEndOfSequence: true);
        return new PromptCompletionIds([.. promptIds, .. completionIds], promptIds.Count);
    }

    /// <summary>
    /// Splits text into pieces: <c>" ?[A-Za-z]+"</c>, <c>" ?[0-9]"</c>, <c>" ?[^A-Za-z0-9 ]"</c> or a lone <c>" "</c>.
    /// Returns (start, length) pairs covering the text exactly.
    /// </summary>
    public static IEnumerable<(int Start, int Length)> PreTokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            if (text[i] == ' ' && (i + 1 == text.Length || text[i + 1] == ' '))
            {
                i++;
            }
            else
            {
                if (text[i] == ' ')
                {
                    i++;
                }

                if (char.IsAsciiLetter(text[i]))
                {
                    while (i < text.Length && char.IsAsciiLetter(text[i]))
                    {
                        i++;
                    }
                }
                else
                {
                    i++;
                }
            }

            yield return (start, i - start);
        }
    }

    /// <inheritdoc />
    protected override EncodeResults<EncodedToken> EncodeToTokens(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        var source = text ?? textSpan.ToString();
        var tokens = new List<EncodedToken>(source.Length / 3 + 1);
        var consumed = Encode(source, settings.MaxTokenCount, (id, start, length) =>
            tokens.Add(new EncodedToken(id, _tokens[id], new Range(start, start + length))));
        return new EncodeResults<EncodedToken> { Tokens = tokens, NormalizedText = null, CharsConsumed = consumed };
    }

    /// <inheritdoc />
    protected override EncodeResults<int> EncodeToIds(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        var source = text ?? textSpan.ToString();
        var ids = new List<int>(source.Length / 3 + 1);
        var consumed = Encode(source, settings.MaxTokenCount, (id, _, _) => ids.Add(id));
        return new EncodeResults<int> { Tokens = ids, NormalizedText = null, CharsConsumed = consumed };
    }

    /// <inheritdoc />
    protected override int CountTokens(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        var count = 0;
        Encode(text ?? textSpan.ToString(), settings.MaxTokenCount, (_, _, _) => count++);
        return count;
    }

    /// <inheritdoc />
    protected override int GetIndexByTokenCount(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings, bool fromEnd, out string? normalizedText, out int tokenCount)
    {
        normalizedText = null;
        var source = text ?? textSpan.ToString();
        var ends = new List<(int Start, int End)>();
        Encode(source, int.MaxValue, (_, start, length) => ends.Add((start, start + length)));
        var max = Math.Max(0, settings.MaxTokenCount);
        tokenCount = Math.Min(max, ends.Count);
        if (!fromEnd)
        {
            return tokenCount == 0 ? 0 : ends[tokenCount - 1].End;
        }

        return tokenCount == 0 ? source.Length : ends[^tokenCount].Start;
    }

    /// <summary>The text of <paramref name="ids"/>; special tokens decode to nothing.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id outside [0, <see cref="VocabularySize"/>).</exception>
    public override string Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var builder = new System.Text.StringBuilder();
        foreach (var id in ids)
        {
            builder.Append(TokenText(id));
        }

        return builder.ToString();
    }

    /// <inheritdoc />
    public override OperationStatus Decode(IEnumerable<int> ids, Span<char> destination, out int idsConsumed, out int charsWritten)
    {
        ArgumentNullException.ThrowIfNull(ids);
        idsConsumed = 0;
        charsWritten = 0;
        foreach (var id in ids)
        {
            if (id < 0 || id >= _tokens.Length)
            {
                return OperationStatus.InvalidData;
            }

            var piece = id < SpecialTokenCount ? string.Empty : _tokens[id];
            if (!piece.AsSpan().TryCopyTo(destination[charsWritten..]))
            {
                return OperationStatus.DestinationTooSmall;
            }

            charsWritten += piece.Length;
            idsConsumed++;
        }

        return OperationStatus.Done;
    }

    private string TokenText(int id)
    {
        if (id < 0 || id >= _tokens.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, $"Expected a token id in [0, {_tokens.Length}).");
        }

        return id < SpecialTokenCount ? string.Empty : _tokens[id];
    }

    /// <summary>Encodes up to <paramref name="maxTokens"/> tokens; returns the characters consumed.</summary>
    private int Encode(string text, int maxTokens, Action<int, int, int> emit)
    {
        var emitted = 0;
        var consumed = 0;
        foreach (var (start, length) in PreTokenize(text))
        {
            var position = start;
            var end = start + length;
            while (position < end)
            {
                if (emitted >= maxTokens)
                {
                    return consumed;
                }

                var (id, matched) = LongestMatch(text, position, end);
                emit(id, position, matched);
                emitted++;
                position += matched;
                consumed = position;
            }
        }

        return consumed;
    }

    private (int Id, int Length) LongestMatch(string text, int position, int end)
    {
        for (var length = Math.Min(_longestToken, end - position); length >= 1; length--)
        {
            if (_ids.TryGetValue(text.Substring(position, length), out var id) && id >= SpecialTokenCount)
            {
                return (id, length);
            }
        }

        var c = text[position];
        throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"Character '{c}' (U+{(int)c:X4}) at index {position} is not in the task tokenizer's vocabulary of {_tokens.Length} tokens."),
            nameof(text));
    }

    private static class DefaultHolder
    {
        public static readonly TaskTokenizer Instance = new(TaskVocabulary.Build());
    }
}
