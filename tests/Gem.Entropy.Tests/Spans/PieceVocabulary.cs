namespace Gem.Entropy.Tests.Spans;

/// <summary>
/// A tiny real vocabulary of text pieces: ids are indices, decoding concatenates the pieces. Markers can straddle
/// token boundaries, as with a real BPE tokenizer.
/// </summary>
internal sealed class PieceVocabulary
{
    private readonly List<string> _pieces = [];

    public int Id(string piece)
    {
        var at = _pieces.IndexOf(piece);
        if (at >= 0)
            return at;
        _pieces.Add(piece);
        return _pieces.Count - 1;
    }

    public int[] Encode(params string[] pieces) => pieces.Select(Id).ToArray();

    public string Decode(IReadOnlyList<int> ids) => string.Concat(ids.Select(i => _pieces[i]));

    /// <summary>Right-padded ids <c>[members, T]</c> (padding id 0) and the completion mask.</summary>
    public static (Tensor Ids, Tensor Mask) Batch(params int[][] completions)
    {
        var length = Math.Max(1, completions.Max(c => c.Length));
        var ids = new long[completions.Length * length];
        var mask = new bool[completions.Length * length];
        for (var m = 0; m < completions.Length; m++)
        {
            for (var t = 0; t < completions[m].Length; t++)
            {
                ids[(m * length) + t] = completions[m][t];
                mask[(m * length) + t] = true;
            }
        }

        return (tensor(ids, [completions.Length, length]), tensor(mask, [completions.Length, length]));
    }
}
