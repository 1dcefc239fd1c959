using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace Gem.Samples.Llama.Tokenization;

/// <summary>
/// The tokenizer of llama2.c (<c>tokenizer.bin</c>, <c>tok512.bin</c>) as a Microsoft.ML.Tokenizers
/// <see cref="Tokenizer"/>, encoding and decoding exactly as <c>run.c</c> does: SentencePiece BPE driven by piece
/// scores — start from one piece per Unicode character (UTF-8 bytes as <c>&lt;0xNN&gt;</c> pieces, id byte + 3, when
/// the character is not a piece), then repeatedly merge the adjacent pair whose concatenation is the piece with the
/// highest score (leftmost on ties) — with a dummy prefix: a non-empty text is encoded as if it began with a space.
/// </summary>
/// <remarks>
/// File format: int32 max_token_length, then for each id a float32 score, an int32 byte length and the piece's UTF-8
/// bytes (spaces as ' ', not '▁'). Ids 0, 1, 2 are <c>&lt;unk&gt;</c>, BOS and EOS and decode to nothing.
/// Decoding concatenates the pieces' bytes (a <c>&lt;0xNN&gt;</c> piece is the byte NN) and removes the leading space
/// of a piece that follows BOS, as run.c's <c>decode</c>; the bytes are read as UTF-8. (run.c's <c>safe_printf</c>
/// additionally hides non-printable single bytes when printing; this tokenizer keeps them, so text round-trips.)
/// </remarks>
public sealed class Llama2CTokenizer : Tokenizer
{
    /// <summary>Id of <c>&lt;unk&gt;</c>.</summary>
    public const int UnknownId = 0;

    /// <summary>Id of the beginning-of-sequence token.</summary>
    public const int BeginningOfSentenceId = 1;

    /// <summary>Id of the end-of-sequence token.</summary>
    public const int EndOfSentenceId = 2;

    private const int ByteOffset = 3;
    private readonly string[] _pieces;
    private readonly float[] _scores;
    private readonly byte[][] _bytes;
    private readonly Dictionary<string, int> _ids;
    private readonly int _spaceId;

    /// <summary>Creates the tokenizer from (piece, score) pairs; the position of a pair is its id.</summary>
    /// <param name="vocabulary">At least 259 pieces: <c>&lt;unk&gt;</c>, BOS, EOS, the 256 byte pieces <c>&lt;0x00&gt;</c>…<c>&lt;0xFF&gt;</c>, then merges.</param>
    /// <param name="addBeginningOfSentence">Whether encoding starts with BOS (run.c does).</param>
    /// <param name="addEndOfSentence">Whether encoding ends with EOS.</param>
    /// <exception cref="ArgumentException">When the byte pieces are not at ids 3–258.</exception>
    public Llama2CTokenizer(IReadOnlyList<(string Piece, float Score)> vocabulary, bool addBeginningOfSentence = true, bool addEndOfSentence = false)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (vocabulary.Count < ByteOffset + 256)
            throw new ArgumentException($"Expected at least {ByteOffset + 256} pieces (unk, BOS, EOS and 256 bytes); there were {vocabulary.Count}.", nameof(vocabulary));
        _pieces = new string[vocabulary.Count];
        _scores = new float[vocabulary.Count];
        _bytes = new byte[vocabulary.Count][];
        _ids = new Dictionary<string, int>(vocabulary.Count, StringComparer.Ordinal);
        for (var id = 0; id < vocabulary.Count; id++)
        {
            var (piece, score) = vocabulary[id];
            ArgumentNullException.ThrowIfNull(piece, $"{nameof(vocabulary)}[{id}]");
            _pieces[id] = piece;
            _scores[id] = score;
            if (id >= ByteOffset && id < ByteOffset + 256)
            {
                var expected = $"<0x{id - ByteOffset:X2}>";
                if (piece != expected)
                    throw new ArgumentException($"Expected the byte piece '{expected}' at id {id}; it was '{piece}'.", nameof(vocabulary));
                _bytes[id] = [(byte)(id - ByteOffset)];
            }
            else
            {
                _bytes[id] = id < ByteOffset ? [] : Encoding.UTF8.GetBytes(piece);
            }
            // The first of duplicate pieces wins, as run.c's sorted lookup would find one of them.
            _ids.TryAdd(piece, id);
        }
        _spaceId = _ids.TryGetValue(" ", out var space) ? space : -1;
        AddBeginningOfSentence = addBeginningOfSentence;
        AddEndOfSentence = addEndOfSentence;
    }

    /// <summary>Reads a llama2.c tokenizer file.</summary>
    /// <param name="path">The <c>.bin</c> file (e.g. <c>tok512.bin</c>).</param>
    /// <param name="addBeginningOfSentence">Whether encoding starts with BOS (run.c does).</param>
    /// <param name="addEndOfSentence">Whether encoding ends with EOS.</param>
    /// <returns>The tokenizer; its vocabulary size is the number of pieces in the file.</returns>
    /// <exception cref="InvalidDataException">When the file is truncated or malformed.</exception>
    public static Llama2CTokenizer Load(string path, bool addBeginningOfSentence = true, bool addEndOfSentence = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var data = File.ReadAllBytes(path);
        if (data.Length < 4)
            throw new InvalidDataException($"'{path}' is {data.Length} bytes; a llama2.c tokenizer starts with an int32 max_token_length.");
        var maxLength = BitConverter.ToInt32(data, 0);
        var offset = 4;
        var vocabulary = new List<(string, float)>();
        while (offset < data.Length)
        {
            if (offset + 8 > data.Length)
                throw new InvalidDataException($"'{path}' ends inside the header of piece {vocabulary.Count} (byte {offset} of {data.Length}).");
            var score = BitConverter.ToSingle(data, offset);
            var length = BitConverter.ToInt32(data, offset + 4);
            offset += 8;
            if (length < 0 || length > maxLength || offset + length > data.Length)
                throw new InvalidDataException($"'{path}' gives piece {vocabulary.Count} a length of {length} bytes at byte {offset}; expected 0…{maxLength} within the file ({data.Length} bytes).");
            vocabulary.Add((Encoding.UTF8.GetString(data, offset, length), score));
            offset += length;
        }
        try
        {
            return new Llama2CTokenizer(vocabulary, addBeginningOfSentence, addEndOfSentence);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"'{path}' is not a llama2.c tokenizer: {e.Message}", e);
        }
    }

    /// <summary>The number of pieces (ids lie in <c>[0, VocabularySize)</c>).</summary>
    public int VocabularySize => _pieces.Length;

    /// <summary>Whether encoding starts with BOS.</summary>
    public bool AddBeginningOfSentence { get; }

    /// <summary>Whether encoding ends with EOS.</summary>
    public bool AddEndOfSentence { get; }

    /// <summary>The piece of <paramref name="id"/> as stored (spaces as ' ', bytes as <c>&lt;0xNN&gt;</c>).</summary>
    public string PieceOf(int id) => _pieces[CheckId(id)];

    /// <summary>Encodes <paramref name="text"/> as run.c's <c>encode(text, bos, eos)</c>.</summary>
    /// <param name="text">Any text; empty text gives only the requested BOS/EOS.</param>
    /// <param name="addBeginningOfSentence">Whether to start with BOS.</param>
    /// <param name="addEndOfSentence">Whether to end with EOS.</param>
    /// <returns>The ids.</returns>
    public IReadOnlyList<int> Encode(string text, bool addBeginningOfSentence, bool addEndOfSentence)
    {
        ArgumentNullException.ThrowIfNull(text);
        return EncodeCore(text, addBeginningOfSentence, addEndOfSentence).Select(t => t.Id).ToList();
    }

    /// <summary>The text run.c prints for <paramref name="token"/> following <paramref name="previous"/>: the piece's
    /// bytes, without a leading space after BOS.</summary>
    public string DecodePiece(int previous, int token) => Encoding.UTF8.GetString(PieceBytes(previous, CheckId(token)));

    /// <inheritdoc />
    protected override EncodeResults<EncodedToken> EncodeToTokens(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        var source = text ?? textSpan.ToString();
        var tokens = EncodeCore(source, AddBeginningOfSentence, AddEndOfSentence);
        var charsConsumed = source.Length;
        if (settings.MaxTokenCount > 0 && tokens.Count > settings.MaxTokenCount)
        {
            tokens = tokens.Take(settings.MaxTokenCount).ToList();
            charsConsumed = tokens.Count == 0 ? 0 : tokens.Max(t => t.Offset.End.Value);
        }
        return new EncodeResults<EncodedToken> { Tokens = tokens, CharsConsumed = charsConsumed, NormalizedText = null };
    }

    /// <inheritdoc />
    public override string Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var bytes = new List<byte>();
        var previous = -1;
        foreach (var id in ids)
        {
            bytes.AddRange(PieceBytes(previous, CheckId(id)));
            previous = id;
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <inheritdoc />
    public override OperationStatus Decode(IEnumerable<int> ids, Span<char> destination, out int idsConsumed, out int charsWritten)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var list = ids.ToList();
        for (var count = list.Count; count >= 0; count--)
        {
            var text = Decode(list.Take(count));
            if (text.Length <= destination.Length)
            {
                text.AsSpan().CopyTo(destination);
                idsConsumed = count;
                charsWritten = text.Length;
                return count == list.Count ? OperationStatus.Done : OperationStatus.DestinationTooSmall;
            }
        }
        idsConsumed = 0;
        charsWritten = 0;
        return OperationStatus.DestinationTooSmall;
    }

    private ReadOnlySpan<byte> PieceBytes(int previous, int token)
    {
        var bytes = _bytes[token].AsSpan();
        if (previous == BeginningOfSentenceId && bytes.Length > 0 && bytes[0] == (byte)' ')
            bytes = bytes[1..];
        return bytes;
    }

    private int CheckId(int id)
    {
        if ((uint)id >= (uint)_pieces.Length)
            throw new ArgumentOutOfRangeException(nameof(id), id, $"Expected a token id in [0, {_pieces.Length}).");
        return id;
    }

    private List<EncodedToken> EncodeCore(string text, bool bos, bool eos)
    {
        // Working list: id and the [start, end) range of text it covers.
        var ids = new List<int>();
        var starts = new List<int>();
        var ends = new List<int>();
        if (text.Length > 0 && _spaceId >= 0)
        {
            ids.Add(_spaceId);
            starts.Add(0);
            ends.Add(0);
        }
        var position = 0;
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            var end = position + rune.Utf16SequenceLength;
            if (_ids.TryGetValue(rune.ToString(), out var id))
            {
                ids.Add(id);
                starts.Add(position);
                ends.Add(end);
            }
            else
            {
                var count = rune.EncodeToUtf8(utf8);
                for (var i = 0; i < count; i++)
                {
                    ids.Add(utf8[i] + ByteOffset);
                    starts.Add(position);
                    ends.Add(end);
                }
            }
            position = end;
        }

        while (true)
        {
            var bestScore = -1e10f; // run.c's floor: pieces scored below it never merge
            var bestId = -1;
            var bestIndex = -1;
            for (var i = 0; i + 1 < ids.Count; i++)
            {
                if (_ids.TryGetValue(string.Concat(_pieces[ids[i]], _pieces[ids[i + 1]]), out var merged) && _scores[merged] > bestScore)
                {
                    bestScore = _scores[merged];
                    bestId = merged;
                    bestIndex = i;
                }
            }
            if (bestIndex < 0)
                break;
            ids[bestIndex] = bestId;
            ends[bestIndex] = ends[bestIndex + 1];
            ids.RemoveAt(bestIndex + 1);
            starts.RemoveAt(bestIndex + 1);
            ends.RemoveAt(bestIndex + 1);
        }

        var tokens = new List<EncodedToken>(ids.Count + 2);
        if (bos)
            tokens.Add(new EncodedToken(BeginningOfSentenceId, _pieces[BeginningOfSentenceId], new Range(0, 0)));
        for (var i = 0; i < ids.Count; i++)
            tokens.Add(new EncodedToken(ids[i], _pieces[ids[i]], new Range(starts[i], ends[i])));
        if (eos)
            tokens.Add(new EncodedToken(EndOfSentenceId, _pieces[EndOfSentenceId], new Range(text.Length, text.Length)));
        return tokens;
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"llama2.c tokenizer ({VocabularySize} pieces)");
}
