using System.Text.Json;

namespace Gem.Core.Data;

/// <summary>
/// Reads TRL-style preference data: JSONL (optionally gzip-compressed) with one
/// <c>{"prompt": …, "chosen": …, "rejected": …}</c> object of strings per line; chosen and rejected are the completions
/// after the prompt. Other fields are ignored.
/// </summary>
public static class TrlPreferenceReader
{
    /// <summary>Streams the examples of <paramref name="path"/>.</summary>
    /// <param name="path">The file (.jsonl or .jsonl.gz).</param>
    /// <param name="onMalformedRecord">Throw (default) or skip and count a record that cannot be read.</param>
    /// <param name="report">Receives the counts of records read and skipped, or null.</param>
    /// <exception cref="DataFormatException">A malformed record, with <see cref="MalformedRecordHandling.Throw"/>; the message names file and line.</exception>
    public static IEnumerable<PreferenceExample> Read(string path, MalformedRecordHandling onMalformedRecord = MalformedRecordHandling.Throw, DataReadReport? report = null)
        => JsonRecords.Lines(path, Parse, onMalformedRecord, report);

    /// <summary>Streams the examples of <paramref name="path"/> asynchronously.</summary>
    /// <param name="path">The file (.jsonl or .jsonl.gz).</param>
    /// <param name="onMalformedRecord">Throw (default) or skip and count a record that cannot be read.</param>
    /// <param name="report">Receives the counts of records read and skipped, or null.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <exception cref="DataFormatException">A malformed record, with <see cref="MalformedRecordHandling.Throw"/>; the message names file and line.</exception>
    public static IAsyncEnumerable<PreferenceExample> ReadAsync(
        string path, MalformedRecordHandling onMalformedRecord = MalformedRecordHandling.Throw, DataReadReport? report = null, CancellationToken cancellationToken = default)
        => JsonRecords.LinesAsync(path, Parse, onMalformedRecord, report, cancellationToken);

    /// <summary>Turns one JSON record into an example.</summary>
    internal static PreferenceExample Parse(JsonElement record)
    {
        var prompt = JsonRecords.RequiredString(record, "prompt");
        var chosen = JsonRecords.RequiredString(record, "chosen");
        var rejected = JsonRecords.RequiredString(record, "rejected");
        if (prompt.Length == 0)
            throw new JsonRecords.RecordException("the field \"prompt\" is empty");
        return new PreferenceExample(prompt, chosen, rejected);
    }
}
