using System.Text.Json;

namespace Gem.Core.Data;

/// <summary>
/// Reads LLMBar / RewardBench-style pairwise judgements <c>{"input": …, "output_1": …, "output_2": …, "label": 1|2}</c>
/// (label = the better output), from a file holding a top-level JSON array of such objects (LLMBar's
/// <c>dataset.json</c>) or one per line (JSONL); either may be gzip-compressed. The array is streamed element by
/// element.
/// </summary>
public static class PairwiseJudgementReader
{
    /// <summary>Streams the examples of <paramref name="path"/>.</summary>
    /// <param name="path">The file (a JSON array or JSONL).</param>
    /// <param name="onMalformedRecord">Throw (default) or skip and count a record that cannot be read.</param>
    /// <param name="report">Receives the counts of records read and skipped, or null.</param>
    /// <exception cref="DataFormatException">A malformed record, with <see cref="MalformedRecordHandling.Throw"/>; the message names file and line.</exception>
    public static IEnumerable<PreferenceExample> Read(string path, MalformedRecordHandling onMalformedRecord = MalformedRecordHandling.Throw, DataReadReport? report = null)
        => JsonRecords.IsArray(path) ? JsonRecords.ArrayAsync(path, Parse, onMalformedRecord, report, CancellationToken.None).ToBlockingEnumerable() : JsonRecords.Lines(path, Parse, onMalformedRecord, report);

    /// <summary>Streams the examples of <paramref name="path"/> asynchronously.</summary>
    /// <param name="path">The file (a JSON array or JSONL).</param>
    /// <param name="onMalformedRecord">Throw (default) or skip and count a record that cannot be read.</param>
    /// <param name="report">Receives the counts of records read and skipped, or null.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <exception cref="DataFormatException">A malformed record, with <see cref="MalformedRecordHandling.Throw"/>; the message names file and line.</exception>
    public static IAsyncEnumerable<PreferenceExample> ReadAsync(
        string path, MalformedRecordHandling onMalformedRecord = MalformedRecordHandling.Throw, DataReadReport? report = null, CancellationToken cancellationToken = default)
        => JsonRecords.IsArray(path) ? JsonRecords.ArrayAsync(path, Parse, onMalformedRecord, report, cancellationToken) : JsonRecords.LinesAsync(path, Parse, onMalformedRecord, report, cancellationToken);

    /// <summary>Turns one JSON record into an example.</summary>
    internal static PreferenceExample Parse(JsonElement record)
    {
        var input = JsonRecords.RequiredString(record, "input");
        var first = JsonRecords.RequiredString(record, "output_1");
        var second = JsonRecords.RequiredString(record, "output_2");
        var label = JsonRecords.RequiredInt(record, "label");
        if (input.Length == 0)
            throw new JsonRecords.RecordException("the field \"input\" is empty");
        return label switch
        {
            1 => new PreferenceExample(input, first, second),
            2 => new PreferenceExample(input, second, first),
            _ => throw new JsonRecords.RecordException($"the field \"label\" must be 1 or 2; it is {label}"),
        };
    }
}
