using System.Text.Json;

namespace Gem.Core.Data;

/// <summary>
/// Reads GSM8K: JSONL with <c>{"question": …, "answer": …}</c> where the answer is a worked solution ending in
/// <c>#### N</c>. Each example has the question as prompt, no preference pair, <see cref="PreferenceExample.GoldAnswer"/>
/// = N (commas removed) and <see cref="PreferenceExample.ReferenceCompletion"/> = the whole worked answer.
/// </summary>
public static class Gsm8kReader
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
        var question = JsonRecords.RequiredString(record, "question");
        var answer = JsonRecords.RequiredString(record, "answer");
        if (question.Length == 0)
            throw new JsonRecords.RecordException("the field \"question\" is empty");
        return new PreferenceExample(question, null, null, GoldAnswer(answer), answer);
    }

    /// <summary>The marker before GSM8K's final answer.</summary>
    public const string AnswerMarker = "####";

    /// <summary>The text after the last <c>####</c>, trimmed, with thousands separators (commas) removed: <c>"1,000"</c> → <c>"1000"</c>.</summary>
    /// <exception cref="ArgumentException">The answer has no <c>####</c> or nothing after it.</exception>
    public static string GoldAnswer(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var marker = answer.LastIndexOf(AnswerMarker, StringComparison.Ordinal);
        if (marker < 0)
            throw new JsonRecords.RecordException("the field \"answer\" has no \"#### N\" final answer");
        var gold = answer[(marker + AnswerMarker.Length)..].Trim().Replace(",", "", StringComparison.Ordinal);
        if (gold.Length == 0)
            throw new JsonRecords.RecordException("the field \"answer\" has nothing after \"####\"");
        return gold;
    }
}
