using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Entropy.Spans;

/// <summary>
/// The answer span is the tokens after the last answer marker (DESIGN.md step 3): the token holding the first
/// character after a textual marker starts it (a token that straddles the marker's end belongs to the answer), or the
/// token after a token-id marker. Of several markers the one that ends last wins. The reasoning span is the completion
/// before the answer, marker included. Completions without a marker get the fallback's spans and
/// <see cref="AnswerSpans.AnswerFound"/> false.
/// </summary>
public sealed class MarkerSpanStrategy : IAnswerSpanStrategy
{
    private readonly MarkerSpanOptions _options;

    /// <summary>Creates the strategy.</summary>
    /// <param name="options">The markers; <see cref="MarkerSpanOptions.Decoder"/> is required when there are textual markers.</param>
    /// <exception cref="ArgumentException">No marker at all, or textual markers without a decoder.</exception>
    public MarkerSpanStrategy(MarkerSpanOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.TextMarkers.Count == 0 && options.TokenMarkers.Count == 0)
            throw new ArgumentException("MarkerSpanOptions needs at least one TextMarkers or TokenMarkers entry.", nameof(options));
        if (options.TextMarkers.Count > 0 && options.Decoder is null)
            throw new ArgumentException(
                $"MarkerSpanOptions.Decoder is required for the {options.TextMarkers.Count} textual marker(s); set it, or clear TextMarkers and use TokenMarkers.",
                nameof(options));
        _options = options;
    }

    /// <summary>
    /// The default strategy: <see cref="MarkerSpanOptions.DefaultTextMarkers"/> found with <paramref name="decoder"/>,
    /// else the last 20% of the completion (at least one token).
    /// </summary>
    /// <param name="decoder">Token ids to text, for example <c>ids =&gt; tokenizer.Decode(ids)</c>.</param>
    /// <returns>The strategy.</returns>
    public static MarkerSpanStrategy CreateDefault(Func<IReadOnlyList<int>, string> decoder)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        return new MarkerSpanStrategy(new MarkerSpanOptions { Decoder = decoder });
    }

    /// <inheritdoc />
    public AnswerSpans Locate(Tensor completionIds, Tensor completionMask)
    {
        var tokens = CompletionTokens.Read(completionIds, completionMask);
        var starts = new int[tokens.Members];
        var found = new bool[tokens.Members];
        for (var m = 0; m < tokens.Members; m++)
        {
            var ids = tokens.Ids[m];
            var start = Math.Max(TokenMarkerAnswerStart(ids), TextMarkerAnswerStart(ids));
            found[m] = start >= 0 && start < ids.Length;
            starts[m] = found[m] ? start : ids.Length;
        }

        var markerSpans = tokens.ToSpans(starts, found);
        if (_options.Fallback is null || found.All(f => f))
            return markerSpans;
        using var scope = NewDisposeScope();
        using var fallback = _options.Fallback.Locate(completionIds, completionMask);
        var useMarker = markerSpans.AnswerFound.unsqueeze(1);
        var answer = where(useMarker, markerSpans.AnswerMask, fallback.AnswerMask.to(markerSpans.AnswerMask.device)).MoveToOuterDisposeScope();
        var reasoning = where(useMarker, markerSpans.ReasoningMask, fallback.ReasoningMask.to(markerSpans.ReasoningMask.device)).MoveToOuterDisposeScope();
        var answerFound = markerSpans.AnswerFound.clone().MoveToOuterDisposeScope();
        markerSpans.Dispose();
        return new AnswerSpans(answer, reasoning, answerFound);
    }

    /// <summary>The index of the first token after the last token-id marker, or −1.</summary>
    private int TokenMarkerAnswerStart(int[] ids)
    {
        var best = -1;
        foreach (var marker in _options.TokenMarkers)
        {
            for (var i = ids.Length - marker.Count; i >= 0; i--)
            {
                var match = true;
                for (var k = 0; k < marker.Count && match; k++)
                    match = ids[i + k] == marker[k];
                if (match)
                {
                    best = Math.Max(best, i + marker.Count);
                    break;
                }
            }
        }

        return best;
    }

    /// <summary>The index of the token holding the first character after the last textual marker, or −1.</summary>
    private int TextMarkerAnswerStart(int[] ids)
    {
        if (_options.TextMarkers.Count == 0 || ids.Length == 0)
            return -1;
        var decoder = _options.Decoder!;
        var text = decoder(ids);
        var end = -1;
        foreach (var marker in _options.TextMarkers)
        {
            var at = text.LastIndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
                end = Math.Max(end, at + marker.Length);
        }

        if (end < 0)
            return -1;
        if (end >= text.Length)
            return ids.Length; // the marker ends the completion: no answer token
        // Smallest k with |decode(ids[..k])| > end: token k − 1 holds character `end`.
        int lo = 1, hi = ids.Length;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (decoder(new ArraySegment<int>(ids, 0, mid)).Length > end)
                hi = mid;
            else
                lo = mid + 1;
        }

        return lo - 1;
    }
}
