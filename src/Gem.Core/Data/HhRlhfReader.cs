using System.Text.Json;

namespace Gem.Core.Data;

/// <summary>
/// Reads Anthropic HH-RLHF dialogues: JSONL or <c>.jsonl.gz</c> with <c>{"chosen": …, "rejected": …}</c>, two whole
/// dialogues (<c>\n\nHuman: … \n\nAssistant: …</c>) that share their beginning. The prompt is their longest common
/// prefix cut back to end just after its last <c>"\n\nAssistant:"</c>; chosen and rejected are the rest of each
/// dialogue (starting with the space after the colon).
/// </summary>
public static class HhRlhfReader
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
        var chosen = JsonRecords.RequiredString(record, "chosen");
        var rejected = JsonRecords.RequiredString(record, "rejected");
        var promptLength = SharedPromptLength(chosen, rejected);
        return new PreferenceExample(chosen[..promptLength], chosen[promptLength..], rejected[promptLength..]);
    }

    /// <summary>The separator after which the assistant speaks.</summary>
    public const string AssistantTurn = "\n\nAssistant:";

    /// <summary>
    /// The length of the prompt shared by two dialogues: their longest common prefix, cut back to end just after its
    /// last <c>"\n\nAssistant:"</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The common prefix holds no complete assistant turn marker.</exception>
    public static int SharedPromptLength(string chosen, string rejected)
    {
        ArgumentNullException.ThrowIfNull(chosen);
        ArgumentNullException.ThrowIfNull(rejected);
        var common = chosen.AsSpan().CommonPrefixLength(rejected);
        var marker = chosen.AsSpan(0, common).LastIndexOf(AssistantTurn, StringComparison.Ordinal);
        if (marker < 0)
            throw new JsonRecords.RecordException($"chosen and rejected share no prefix ending in \"\\n\\nAssistant:\" (common prefix: {common} characters)");
        return marker + AssistantTurn.Length;
    }
}
