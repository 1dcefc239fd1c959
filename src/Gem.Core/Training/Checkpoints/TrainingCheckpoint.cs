using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gem.Core.Training.Checkpoints;

/// <summary>
/// Saves and restores everything a training run needs to continue exactly: the module's state dictionary, the
/// optimiser's state (Adam's moments and step counts), torch's default CPU generator and optionally one more generator,
/// the learning-rate schedule, the step and named counters.
/// </summary>
/// <remarks>
/// <para>File layout: the 8-byte header <c>GEMCKPT1</c>; the payload (module, optimiser, generators, progress, written
/// by TorchSharp's and .NET's binary writers); the manifest as UTF-8 JSON (<see cref="CheckpointManifest"/>, with the
/// payload's SHA-256); the manifest's length (int32, little-endian); the 8-byte trailer <c>GEMCKEND</c>.</para>
/// <para>Saving writes a temporary file in the same folder, flushes it to disk and renames it over the target, so a
/// failure midway leaves any earlier checkpoint untouched. Loading checks the header, trailer, manifest, the tensors'
/// names and shapes and the checksum before anything is changed, so a corrupt or mismatched file raises a
/// <see cref="CheckpointException"/> and leaves the module and optimiser as they were.</para>
/// </remarks>
public static class TrainingCheckpoint
{
    /// <summary>The format version this code writes and reads.</summary>
    public const int FormatVersion = 1;

    private static readonly byte[] Header = "GEMCKPT1"u8.ToArray();
    private static readonly byte[] Trailer = "GEMCKEND"u8.ToArray();
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>Saves a checkpoint atomically.</summary>
    /// <param name="path">The file to write (replaced if it exists; its folder is created).</param>
    /// <param name="module">The trained module; its <c>state_dict()</c> is saved.</param>
    /// <param name="optimizer">The optimiser (a TorchSharp managed optimiser such as Adam or AdamW), or <see langword="null"/>.</param>
    /// <param name="progress">Step, schedule and counters.</param>
    /// <param name="generator">A generator to save besides torch's default one (e.g. the sampling generator), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Checked between sections; cancelling leaves the previous file intact.</param>
    /// <returns>The manifest written.</returns>
    public static CheckpointManifest Save(string path, nn.Module module, optim.Optimizer? optimizer, TrainingProgress progress,
        Generator? generator = null, CancellationToken cancellationToken = default) =>
        Save(path, module, optimizer, progress, generator, wrapStream: null, cancellationToken);

    /// <summary>Save, with a hook that wraps the file stream (tests use it to fail midway).</summary>
    internal static CheckpointManifest Save(string path, nn.Module module, optim.Optimizer? optimizer, TrainingProgress progress,
        Generator? generator, Func<Stream, Stream>? wrapStream, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(progress);
        var helper = AsHelper(optimizer, nameof(optimizer));
        var fullPath = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");

        try
        {
            CheckpointManifest manifest;
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                var stream = wrapStream is null ? file : wrapStream(file);
                stream.Write(Header);
                long payloadLength;
                string sha;
                using (var hashing = new HashingWriteStream(stream))
                {
                    using (var writer = new BinaryWriter(hashing, Encoding.UTF8, leaveOpen: true))
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        module.save(writer);
                        cancellationToken.ThrowIfCancellationRequested();
                        writer.Write(helper is not null);
                        helper?.save_state_dict(writer);
                        cancellationToken.ThrowIfCancellationRequested();
                        WriteGeneratorState(writer, torch.get_rng_state());
                        writer.Write(generator is not null);
                        if (generator is not null)
                            WriteGeneratorState(writer, generator.get_state());
                        WriteProgress(writer, progress);
                        writer.Flush();
                    }
                    payloadLength = hashing.Length;
                    sha = Convert.ToHexStringLower(hashing.GetHash());
                }

                manifest = new CheckpointManifest
                {
                    FormatVersion = FormatVersion,
                    Step = progress.Step,
                    Tensors = DescribeState(module),
                    OptimizerType = helper?.GetType().Name,
                    PayloadLength = payloadLength,
                    PayloadSha256 = sha,
                };
                var json = JsonSerializer.SerializeToUtf8Bytes(manifest, JsonOptions);
                stream.Write(json);
                stream.Write(BitConverter.GetBytes(json.Length));
                stream.Write(Trailer);
                stream.Flush();
                cancellationToken.ThrowIfCancellationRequested();
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
            return manifest;
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Reads and validates the manifest of a checkpoint without loading it.</summary>
    /// <param name="path">The checkpoint file.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="CheckpointException">The file is not a Gem checkpoint, is truncated, or its manifest is unreadable.</exception>
    public static CheckpointManifest ReadManifest(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = OpenForReading(path);
        return ReadManifest(file, path);
    }

    /// <summary>
    /// Restores a checkpoint into <paramref name="module"/>, <paramref name="optimizer"/> and the generators. Everything
    /// is validated first: on error nothing has been changed.
    /// </summary>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="module">A module with the same state-dictionary names and shapes as the one saved.</param>
    /// <param name="optimizer">An optimiser of the same type over the module's parameters, or <see langword="null"/> to skip its state.</param>
    /// <param name="generator">The generator to restore the saved extra generator into, or <see langword="null"/> to skip it.</param>
    /// <returns>The saved step, schedule and counters.</returns>
    /// <exception cref="CheckpointException">The file is corrupt or truncated, or its tensors or optimiser do not fit.</exception>
    public static TrainingProgress Load(string path, nn.Module module, optim.Optimizer? optimizer, Generator? generator = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(module);
        var helper = AsHelper(optimizer, nameof(optimizer));
        using var file = OpenForReading(path);
        var manifest = ReadManifest(file, path);

        CheckFits(path, manifest, module, helper);

        // Verify the checksum before anything is loaded.
        file.Position = Header.Length;
        using (var sha = SHA256.Create())
        {
            var hash = sha.ComputeHash(new BoundedReadStream(file, manifest.PayloadLength));
            var actual = Convert.ToHexStringLower(hash);
            if (actual != manifest.PayloadSha256)
                throw new CheckpointException(path, $"the payload is corrupt: its SHA-256 is {actual}, the manifest says {manifest.PayloadSha256}.");
        }

        file.Position = Header.Length;
        try
        {
            using var reader = new BinaryReader(new BoundedReadStream(file, manifest.PayloadLength), Encoding.UTF8, leaveOpen: true);
            module.load(reader, strict: true);
            var hasOptimizer = reader.ReadBoolean();
            if (hasOptimizer)
                helper!.load_state_dict(reader);
            var defaultState = ReadGeneratorState(reader);
            var hasGenerator = reader.ReadBoolean();
            byte[]? generatorState = hasGenerator ? ReadGeneratorBytes(reader) : null;
            var progress = ReadProgress(reader);

            using (var state = defaultState)
                torch.set_rng_state(state);
            if (generator is not null)
            {
                if (generatorState is null)
                    throw new CheckpointException(path, "a generator was given to restore, but the checkpoint holds none.");
                using var state = torch.tensor(generatorState, dtype: ScalarType.Byte);
                generator.set_state(state);
            }
            return progress;
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or ArgumentException or FormatException)
        {
            throw new CheckpointException(path, $"the payload could not be read ({e.Message}).", e);
        }
    }

    private static OptimizerHelper? AsHelper(optim.Optimizer? optimizer, string name) => optimizer switch
    {
        null => null,
        OptimizerHelper h => h,
        _ => throw new ArgumentException($"Optimiser state can be saved for TorchSharp's managed optimisers (Adam, AdamW, SGD, …); got {optimizer.GetType().Name}.", name),
    };

    private static FileStream OpenForReading(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Checkpoint '{path}' does not exist.", path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
    }

    private static CheckpointManifest ReadManifest(FileStream file, string path)
    {
        var minimum = Header.Length + 4 + Trailer.Length;
        if (file.Length < minimum)
            throw new CheckpointException(path, $"the file is truncated: {file.Length} bytes, fewer than the {minimum} of an empty checkpoint.");
        Span<byte> header = stackalloc byte[Header.Length];
        file.Position = 0;
        file.ReadExactly(header);
        if (!header.SequenceEqual(Header))
            throw new CheckpointException(path, "not a Gem checkpoint (the header is not 'GEMCKPT1').");

        Span<byte> tail = stackalloc byte[4 + Trailer.Length];
        file.Position = file.Length - tail.Length;
        file.ReadExactly(tail);
        if (!tail[4..].SequenceEqual(Trailer))
            throw new CheckpointException(path, "the file is truncated or corrupt: the trailer 'GEMCKEND' is missing at its end.");
        var jsonLength = BitConverter.ToInt32(tail[..4]);
        var payloadEnd = file.Length - tail.Length - jsonLength;
        if (jsonLength <= 0 || payloadEnd < Header.Length)
            throw new CheckpointException(path, $"the file is corrupt: the manifest length {jsonLength} does not fit a file of {file.Length} bytes.");

        var json = new byte[jsonLength];
        file.Position = payloadEnd;
        file.ReadExactly(json);
        CheckpointManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<CheckpointManifest>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new CheckpointException(path, $"the manifest is corrupt ({e.Message}).", e);
        }
        if (manifest is null)
            throw new CheckpointException(path, "the manifest is empty.");
        if (manifest.FormatVersion != FormatVersion)
            throw new CheckpointException(path, $"format version {manifest.FormatVersion} is not supported; this version of Gem reads version {FormatVersion}.");
        if (manifest.PayloadLength != payloadEnd - Header.Length)
            throw new CheckpointException(path, $"the file is truncated or corrupt: the manifest announces a payload of {manifest.PayloadLength} bytes, the file holds {payloadEnd - Header.Length}.");
        return manifest;
    }

    private static void CheckFits(string path, CheckpointManifest manifest, nn.Module module, OptimizerHelper? helper)
    {
        var expected = DescribeState(module);
        var saved = manifest.Tensors.ToDictionary(t => t.Name);
        var problems = new List<string>();
        foreach (var tensor in expected)
        {
            if (!saved.TryGetValue(tensor.Name, out var s))
                problems.Add($"'{tensor.Name}' is missing from the checkpoint");
            else if (!s.Shape.SequenceEqual(tensor.Shape))
                problems.Add($"'{tensor.Name}' has shape [{string.Join(", ", s.Shape)}] in the checkpoint but [{string.Join(", ", tensor.Shape)}] in the module");
            else if (s.DType != tensor.DType)
                problems.Add($"'{tensor.Name}' is {s.DType} in the checkpoint but {tensor.DType} in the module");
        }
        var names = expected.Select(t => t.Name).ToHashSet();
        foreach (var s in manifest.Tensors.Where(t => !names.Contains(t.Name)))
            problems.Add($"'{s.Name}' is in the checkpoint but not in the module");
        if (problems.Count > 0)
            throw new CheckpointException(path, "it does not fit the module: " + string.Join("; ", problems) + ".");

        if (helper is not null && manifest.OptimizerType is not null && manifest.OptimizerType != helper.GetType().Name)
            throw new CheckpointException(path, $"it holds {manifest.OptimizerType} state, but the optimiser given is {helper.GetType().Name}.");
        if (helper is null && manifest.OptimizerType is not null)
            throw new CheckpointException(path, $"it holds {manifest.OptimizerType} state; pass an optimiser of that type to restore it.");
        if (helper is not null && manifest.OptimizerType is null)
            throw new CheckpointException(path, "it holds no optimiser state, but an optimiser was given to restore.");
    }

    private static List<CheckpointTensor> DescribeState(nn.Module module) =>
        module.state_dict().Select(kv => new CheckpointTensor(kv.Key, kv.Value.shape, kv.Value.dtype.ToString())).ToList();

    private static void WriteGeneratorState(BinaryWriter writer, Tensor state)
    {
        using (state)
        {
            var bytes = state.data<byte>().ToArray();
            writer.Write(bytes.Length);
            writer.Write(bytes);
        }
    }

    private static byte[] ReadGeneratorBytes(BinaryReader reader)
    {
        var length = reader.ReadInt32();
        if (length < 0)
            throw new InvalidDataException($"negative generator state length {length}");
        var bytes = reader.ReadBytes(length);
        if (bytes.Length != length)
            throw new EndOfStreamException("the generator state is cut short");
        return bytes;
    }

    private static Tensor ReadGeneratorState(BinaryReader reader) => torch.tensor(ReadGeneratorBytes(reader), dtype: ScalarType.Byte);

    private static void WriteProgress(BinaryWriter writer, TrainingProgress progress)
    {
        writer.Write(progress.Step);
        var schedule = progress.Schedule;
        writer.Write(schedule is not null);
        if (schedule is not null)
        {
            writer.Write((int)schedule.Kind);
            writer.Write(schedule.PeakLearningRate);
            writer.Write(schedule.WarmupSteps);
            writer.Write(schedule.TotalSteps);
            writer.Write(schedule.MinimumLearningRate);
        }
        writer.Write(progress.Counters.Count);
        foreach (var (name, value) in progress.Counters.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            writer.Write(name);
            writer.Write(value);
        }
    }

    private static TrainingProgress ReadProgress(BinaryReader reader)
    {
        var step = reader.ReadInt64();
        LearningRateSchedule? schedule = null;
        if (reader.ReadBoolean())
        {
            var kind = (LearningRateScheduleKind)reader.ReadInt32();
            var peak = reader.ReadDouble();
            var warmup = reader.ReadInt64();
            var total = reader.ReadInt64();
            var minimum = reader.ReadDouble();
            schedule = LearningRateSchedule.Create(kind, peak, warmup, total, minimum);
        }
        var count = reader.ReadInt32();
        var counters = new Dictionary<string, long>(count);
        for (var i = 0; i < count; i++)
            counters.Add(reader.ReadString(), reader.ReadInt64());
        return new TrainingProgress { Step = step, Schedule = schedule, Counters = counters };
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original error matters more than a left-over temporary file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Passes writes through while hashing them with SHA-256 and counting bytes.</summary>
    private sealed class HashingWriteStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long _length;

        public byte[] GetHash() => _hash.GetHashAndReset();

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _hash.AppendData(buffer);
            inner.Write(buffer);
            _length += buffer.Length;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _hash.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>Reads at most a given number of bytes from the current position of another stream.</summary>
    private sealed class BoundedReadStream : Stream
    {
        private readonly Stream _inner;
        private readonly long _length;
        private long _remaining;

        public BoundedReadStream(Stream inner, long length)
        {
            _inner = inner;
            _length = length;
            _remaining = length;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => _length;
        public override long Position { get => _length - _remaining; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_remaining <= 0)
                return 0;
            var n = _inner.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
            _remaining -= n;
            return n;
        }
    }
}
