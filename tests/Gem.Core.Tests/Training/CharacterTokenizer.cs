using System.Buffers;
using Microsoft.ML.Tokenizers;

namespace Gem.Core.Tests.Training;

/// <summary>
/// A character-level Microsoft.ML.Tokenizers tokenizer for trainer tests: ids 0, 1, 2 are pad, BOS and EOS (decoding
/// to nothing), then one id per character of the alphabet, so it fits a tiny test model's vocabulary.
/// </summary>
internal sealed class CharacterTokenizer : Tokenizer
{
    public const int Pad = 0, Bos = 1, Eos = 2;
    private const string Alphabet = " abcdefghijklmnopqrstuvwxyzTQA0123456789+-=?.:#";
    private readonly Dictionary<char, int> _ids = Alphabet.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i + 3);

    public static CharacterTokenizer Instance { get; } = new();

    public int VocabularySize => Alphabet.Length + 3;

    protected override EncodeResults<EncodedToken> EncodeToTokens(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        var source = text ?? textSpan.ToString();
        var count = Math.Min(source.Length, settings.MaxTokenCount);
        var tokens = Enumerable.Range(0, count).Select(i => new EncodedToken(Id(source[i]), source[i].ToString(), new Range(i, i + 1))).ToList();
        return new EncodeResults<EncodedToken> { Tokens = tokens, NormalizedText = null, CharsConsumed = count };
    }

    protected override int CountTokens(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings) =>
        Math.Min((text ?? textSpan.ToString()).Length, settings.MaxTokenCount);

    protected override int GetIndexByTokenCount(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings, bool fromEnd, out string? normalizedText, out int tokenCount)
    {
        normalizedText = null;
        var length = (text ?? textSpan.ToString()).Length;
        tokenCount = Math.Min(length, Math.Max(0, settings.MaxTokenCount));
        return fromEnd ? length - tokenCount : tokenCount;
    }

    public override string Decode(IEnumerable<int> ids) =>
        string.Concat(ids.Where(id => id >= 3).Select(id => Alphabet[id - 3]));

    public override OperationStatus Decode(IEnumerable<int> ids, Span<char> destination, out int idsConsumed, out int charsWritten)
    {
        idsConsumed = 0;
        charsWritten = 0;
        foreach (var id in ids)
        {
            if (id >= 3)
            {
                if (charsWritten >= destination.Length)
                    return OperationStatus.DestinationTooSmall;
                destination[charsWritten++] = Alphabet[id - 3];
            }

            idsConsumed++;
        }

        return OperationStatus.Done;
    }

    private int Id(char c) => _ids.TryGetValue(c, out var id) ? id : throw new ArgumentException($"'{c}' is not in the test alphabet.");
}
