using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Samples.Llama.Checkpoints;

/// <summary>
/// A <c>.safetensors</c> file: an unsigned little-endian int64 header size N, N bytes of JSON
/// (<c>{"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}}</c>), then the raw
/// little-endian tensor bytes, offsets relative to the end of the header. Tensors are read one at a time on request.
/// </summary>
public sealed class SafetensorsFile
{
    private readonly Dictionary<string, Entry> _entries;
    private readonly long _dataStart;

    private SafetensorsFile(string path, Dictionary<string, Entry> entries, long dataStart, IReadOnlyDictionary<string, string> metadata)
    {
        Path = path;
        _entries = entries;
        _dataStart = dataStart;
        Metadata = metadata;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The names of the tensors it holds.</summary>
    public IReadOnlyCollection<string> Names => _entries.Keys;

    /// <summary>The <c>__metadata__</c> strings.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Reads the header of <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">When the header is malformed, an offset lies outside the file or a dtype is unknown.</exception>
    public static SafetensorsFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.OpenRead(path);
        Span<byte> sizeBytes = stackalloc byte[8];
        if (stream.Read(sizeBytes) != 8)
            throw new InvalidDataException($"'{path}' is {stream.Length} bytes, too short for a safetensors header.");
        var headerSize = BitConverter.ToInt64(sizeBytes);
        if (headerSize <= 0 || 8 + headerSize > stream.Length)
            throw new InvalidDataException($"'{path}' declares a header of {headerSize} bytes; the file has {stream.Length}.");
        var header = new byte[headerSize];
        stream.ReadExactly(header);
        var dataStart = 8 + headerSize;
        var dataLength = stream.Length - dataStart;

        JsonObject root;
        try
        {
            root = JsonNode.Parse(header)?.AsObject() ?? throw new InvalidDataException($"'{path}' has an empty header.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' has a header that is not valid JSON: {e.Message}", e);
        }

        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, node) in root)
        {
            if (name == "__metadata__")
            {
                foreach (var (key, value) in node?.AsObject() ?? [])
                    metadata[key] = value?.GetValue<string>() ?? "";
                continue;
            }
            var dtypeName = node?["dtype"]?.GetValue<string>() ?? throw new InvalidDataException($"'{path}': tensor '{name}' has no dtype.");
            var dtype = ParseDType(dtypeName) ?? throw new InvalidDataException($"'{path}': tensor '{name}' has dtype '{dtypeName}', which is not supported.");
            var shape = node["shape"]?.AsArray().Select(d => d!.GetValue<long>()).ToArray() ?? throw new InvalidDataException($"'{path}': tensor '{name}' has no shape.");
            var offsets = node["data_offsets"]?.AsArray().Select(d => d!.GetValue<long>()).ToArray();
            if (offsets is not { Length: 2 } || offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > dataLength)
                throw new InvalidDataException($"'{path}': tensor '{name}' has data_offsets [{string.Join(", ", offsets ?? [])}] outside the {dataLength} data bytes.");
            var expectedBytes = shape.Aggregate(1L, (a, b) => a * b) * dtype.ElementSize();
            if (offsets[1] - offsets[0] != expectedBytes)
                throw new InvalidDataException($"'{path}': tensor '{name}' of shape [{string.Join(", ", shape)}] and dtype {dtypeName} needs {expectedBytes} bytes; its offsets span {offsets[1] - offsets[0]}.");
            entries[name] = new Entry(dtype, shape, offsets[0], offsets[1]);
        }
        return new SafetensorsFile(path, entries, dataStart, metadata);
    }

    /// <summary>The shape of tensor <paramref name="name"/>.</summary>
    public IReadOnlyList<long> ShapeOf(string name) => Find(name).Shape;

    /// <summary>The dtype of tensor <paramref name="name"/>.</summary>
    public ScalarType DTypeOf(string name) => Find(name).DType;

    /// <summary>Reads tensor <paramref name="name"/> into a new CPU tensor of its stored dtype and shape.</summary>
    /// <exception cref="KeyNotFoundException">When the file has no such tensor.</exception>
    public Tensor Read(string name)
    {
        var entry = Find(name);
        if (entry.End - entry.Begin > Array.MaxLength)
            throw new NotSupportedException($"'{Path}': tensor '{name}' is {entry.End - entry.Begin} bytes; tensors over {Array.MaxLength} bytes are not supported by this reader.");
        var bytes = new byte[entry.End - entry.Begin];
        using (var stream = File.OpenRead(Path))
        {
            stream.Position = _dataStart + entry.Begin;
            stream.ReadExactly(bytes);
        }
        var tensor = torch.empty(entry.Shape, dtype: entry.DType);
        tensor.bytes = bytes;
        return tensor;
    }

    /// <summary>Writes <paramref name="tensors"/> to <paramref name="path"/> (through a temporary file renamed at the end, so
    /// an existing file is never left half-written). Tensors are written contiguous, from the CPU, in their own dtypes.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="tensors">Names and tensors, in the order to write them.</param>
    /// <param name="metadata">Optional <c>__metadata__</c> strings.</param>
    public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(tensors);
        using var scope = torch.NewDisposeScope();
        var items = tensors.Select(kv => (kv.Key, Tensor: kv.Value.detach().cpu().contiguous())).ToList();
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
            header["__metadata__"] = new JsonObject(metadata.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value))));
        long offset = 0;
        foreach (var (name, tensor) in items)
        {
            var size = tensor.NumberOfElements * tensor.ElementSize;
            header[name] = new JsonObject
            {
                ["dtype"] = NameOf(tensor.dtype),
                ["shape"] = new JsonArray(tensor.shape.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()),
                ["data_offsets"] = new JsonArray(JsonValue.Create(offset), JsonValue.Create(offset + size)),
            };
            offset += size;
        }
        var headerBytes = Encoding.UTF8.GetBytes(header.ToJsonString());
        var padded = (headerBytes.Length + 7) / 8 * 8; // 8-byte alignment of the data, padded with spaces
        var temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        {
            stream.Write(BitConverter.GetBytes((long)padded));
            stream.Write(headerBytes);
            for (var i = headerBytes.Length; i < padded; i++)
                stream.WriteByte((byte)' ');
            foreach (var (_, tensor) in items)
                stream.Write(tensor.bytes);
        }
        File.Move(temporary, path, overwrite: true);
    }

    private Entry Find(string name) =>
        _entries.TryGetValue(name, out var entry) ? entry : throw new KeyNotFoundException($"'{Path}' holds no tensor named '{name}'.");

    private static ScalarType? ParseDType(string name) => name switch
    {
        "F32" => ScalarType.Float32,
        "F16" => ScalarType.Float16,
        "BF16" => ScalarType.BFloat16,
        "F64" => ScalarType.Float64,
        "I64" => ScalarType.Int64,
        "I32" => ScalarType.Int32,
        "I16" => ScalarType.Int16,
        "I8" => ScalarType.Int8,
        "U8" => ScalarType.Byte,
        "BOOL" => ScalarType.Bool,
        _ => null,
    };

    private static string NameOf(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => "F32",
        ScalarType.Float16 => "F16",
        ScalarType.BFloat16 => "BF16",
        ScalarType.Float64 => "F64",
        ScalarType.Int64 => "I64",
        ScalarType.Int32 => "I32",
        ScalarType.Int16 => "I16",
        ScalarType.Int8 => "I8",
        ScalarType.Byte => "U8",
        ScalarType.Bool => "BOOL",
        _ => throw new NotSupportedException($"safetensors has no dtype for {dtype}."),
    };

    private sealed record Entry(ScalarType DType, long[] Shape, long Begin, long End);
}
