using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Gem.Core.Data;

/// <summary>
/// Streams JSON records from a file — one per line (JSONL) or the elements of a top-level array — optionally gzip
/// compressed (by the <c>.gz</c> extension or the gzip magic bytes), and turns parse failures into
/// <see cref="DataFormatException"/>s naming file and line, or skips them.
/// </summary>
internal static class JsonRecords
{
    /// <summary>Thrown by a record parser: the record is well-formed JSON but not what the format expects.</summary>
    internal sealed class RecordException(string message) : ArgumentException(message);

    public static string RequiredString(JsonElement record, string name)
    {
        if (record.ValueKind != JsonValueKind.Object)
            throw new RecordException($"expected a JSON object, found {record.ValueKind}");
        if (!record.TryGetProperty(name, out var value))
            throw new RecordException($"the field \"{name}\" is missing");
        if (value.ValueKind != JsonValueKind.String)
            throw new RecordException($"the field \"{name}\" must be a string; it is {value.ValueKind}");
        return value.GetString()!;
    }

    public static int RequiredInt(JsonElement record, string name)
    {
        if (record.ValueKind != JsonValueKind.Object)
            throw new RecordException($"expected a JSON object, found {record.ValueKind}");
        if (!record.TryGetProperty(name, out var value))
            throw new RecordException($"the field \"{name}\" is missing");
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
            throw new RecordException($"the field \"{name}\" must be an integer; it is {value.GetRawText()}");
        return number;
    }

    public static Stream Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"The data file '{path}' does not exist.", path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var magic = new byte[2];
        var read = file.Read(magic, 0, 2);
        file.Position = 0;
        var gzip = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) || (read == 2 && magic[0] == 0x1f && magic[1] == 0x8b);
        return gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    /// <summary>Whether the file's first non-blank character is '[' (a JSON array) rather than a JSONL record.</summary>
    public static bool IsArray(string path)
    {
        using var reader = new StreamReader(Open(path), Encoding.UTF8);
        int c;
        while ((c = reader.Read()) >= 0)
        {
            if (!char.IsWhiteSpace((char)c))
                return c == '[';
        }

        return false;
    }

    /// <summary>One record per non-blank line.</summary>
    public static IEnumerable<T> Lines<T>(string path, Func<JsonElement, T> parse, MalformedRecordHandling handling, DataReadReport? report)
    {
        using var reader = new StreamReader(Open(path), Encoding.UTF8);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (TryParseLine(path, lineNumber, line, parse, handling, report, out var record))
                yield return record;
        }
    }

    /// <summary>One record per non-blank line, read asynchronously.</summary>
    public static async IAsyncEnumerable<T> LinesAsync<T>(
        string path, Func<JsonElement, T> parse, MalformedRecordHandling handling, DataReadReport? report, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(Open(path), Encoding.UTF8);
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (TryParseLine(path, lineNumber, line, parse, handling, report, out var record))
                yield return record;
        }
    }

    /// <summary>The elements of a top-level JSON array, streamed.</summary>
    public static async IAsyncEnumerable<T> ArrayAsync<T>(
        string path, Func<JsonElement, T> parse, MalformedRecordHandling handling, DataReadReport? report, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = Open(path);
        var elements = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream, cancellationToken: cancellationToken);
        var index = -1;
        await using var enumerator = elements.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            JsonElement element;
            try
            {
                if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    break;
                element = enumerator.Current;
            }
            catch (JsonException e)
            {
                // Syntax errors cannot be skipped: the reader cannot find the next element.
                throw new DataFormatException(path, (int)(e.LineNumber ?? 0) + 1, $"invalid JSON (an array of records was expected): {e.Message}", e);
            }

            index++;
            T record;
            try
            {
                record = parse(element);
            }
            catch (Exception e) when (e is RecordException or ArgumentException)
            {
                var error = new DataFormatException(path, LineOfArrayElement(path, index), $"record {index + 1}: {e.Message}", e);
                if (handling == MalformedRecordHandling.Throw)
                    throw error;
                report?.AddSkipped(error.Message);
                continue;
            }

            if (report is not null)
                report.Records++;
            yield return record;
        }
    }

    private static bool TryParseLine<T>(
        string path, int lineNumber, string line, Func<JsonElement, T> parse, MalformedRecordHandling handling, DataReadReport? report, out T record)
    {
        record = default!;
        if (string.IsNullOrWhiteSpace(line))
            return false;
        try
        {
            using var document = JsonDocument.Parse(line);
            record = parse(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or RecordException or ArgumentException)
        {
            var reason = e is JsonException ? $"invalid JSON: {e.Message}" : e.Message;
            var error = new DataFormatException(path, lineNumber, reason, e);
            if (handling == MalformedRecordHandling.Throw)
                throw error;
            report?.AddSkipped(error.Message);
            return false;
        }

        if (report is not null)
            report.Records++;
        return true;
    }

    /// <summary>The 1-based line where element <paramref name="index"/> of the file's top-level array starts (error path only).</summary>
    private static int LineOfArrayElement(string path, int index)
    {
        using var stream = Open(path);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        var bytes = memory.GetBuffer().AsSpan(0, (int)memory.Length);
        var reader = new Utf8JsonReader(bytes);
        var seen = -1;
        while (reader.Read())
        {
            if (reader.CurrentDepth == 1 && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.String
                    or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null)
            {
                seen++;
                if (seen == index)
                    return bytes[..(int)reader.TokenStartIndex].Count((byte)'\n') + 1;
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    reader.Skip();
            }
        }

        return 0;
    }
}
