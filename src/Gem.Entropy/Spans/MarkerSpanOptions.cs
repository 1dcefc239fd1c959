namespace Gem.Entropy.Spans;

/// <summary>
/// What <see cref="MarkerSpanStrategy"/> looks for: textual markers found in the decoded completion, token-id
/// sequences found in the ids, and what to do when none occurs. Each property is validated when set; the combination
/// when the strategy is built.
/// </summary>
public sealed class MarkerSpanOptions
{
    /// <summary>The default textual markers: <c>The answer is</c>, <c>####</c> (GSM8K), <c>Final Answer</c>, <c>\boxed{</c>.</summary>
    public static IReadOnlyList<string> DefaultTextMarkers { get; } = ["The answer is", "####", "Final Answer", "\\boxed{"];

    /// <summary>Textual markers, matched ordinally (case-sensitive) in the decoded completion; default <see cref="DefaultTextMarkers"/>. Needs <see cref="Decoder"/>.</summary>
    public IReadOnlyList<string> TextMarkers
    {
        get => _textMarkers;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Any(string.IsNullOrEmpty))
                throw new ArgumentException("TextMarkers must not contain null or empty markers.", nameof(TextMarkers));
            _textMarkers = [.. value];
        }
    }

    /// <summary>
    /// Turns a completion's token ids (padding removed) into its text, for example
    /// <c>ids =&gt; tokenizer.Decode(ids)</c>. A marker's end is mapped to a token by decoding prefixes (binary search:
    /// about <c>log₂ n</c> decodes per completion), so the decoder should decode prefixes consistently with the whole.
    /// Required when <see cref="TextMarkers"/> is not empty.
    /// </summary>
    public Func<IReadOnlyList<int>, string>? Decoder { get; init; }

    /// <summary>Markers as token-id sequences (each non-empty), matched in the ids directly, for callers without a decoder; default none.</summary>
    public IReadOnlyList<IReadOnlyList<int>> TokenMarkers
    {
        get => _tokenMarkers;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Any(m => m is null || m.Count == 0))
                throw new ArgumentException("TokenMarkers must not contain null or empty sequences.", nameof(TokenMarkers));
            _tokenMarkers = value.Select(m => (IReadOnlyList<int>)[.. m]).ToArray();
        }
    }

    /// <summary>
    /// The strategy for completions without a marker (or whose marker is their last token); default the last 20%
    /// (<see cref="TailFractionSpanStrategy"/>, at least one token). <see langword="null"/>: no answer span (all reasoning).
    /// Either way <see cref="AnswerSpans.AnswerFound"/> is false there.
    /// </summary>
    public IAnswerSpanStrategy? Fallback { get; init; } = new TailFractionSpanStrategy(0.2);

    private IReadOnlyList<string> _textMarkers = DefaultTextMarkers;
    private IReadOnlyList<IReadOnlyList<int>> _tokenMarkers = [];
}
