using Gem.Core.Training;
using Gem.Core.Training.Checkpoints;

namespace Gem.Core.Tests.Training.Checkpoints;

public sealed class TrainingCheckpointTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "gem-ckpt-" + Guid.NewGuid().ToString("N"));

    public TrainingCheckpointTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static nn.Module<Tensor, Tensor> TinyModel(long seed, int hidden = 5)
    {
        torch.manual_seed(seed);
        return nn.Sequential(("fc1", nn.Linear(3, hidden)), ("act", nn.Tanh()), ("fc2", nn.Linear(hidden, 2)));
    }

    private static float TrainStep(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, LearningRateSchedule schedule, long step, Generator generator)
    {
        using var scope = torch.NewDisposeScope();
        schedule.Apply(optimizer, step);
        optimizer.zero_grad();
        // Data drawn from both the default generator and the explicit one, so restoring either matters.
        var x = torch.randn(4, 3);
        var target = torch.rand(4, 2, generator: generator);
        var loss = nn.functional.mse_loss(model.call(x), target);
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }

    private static float[][] Parameters(nn.Module module) => module.parameters().Select(p => p.detach().cpu().data<float>().ToArray()).ToArray();

    [Fact]
    public void Resuming_from_a_checkpoint_continues_exactly_as_an_uninterrupted_run()
    {
        var schedule = LearningRateSchedule.Cosine(0.05, 2, 10);
        var path = Path.Combine(_folder, "run.ckpt");

        // Uninterrupted: 6 steps, with a checkpoint after step 3.
        using var model = TinyModel(1);
        using var optimizer = optim.Adam(model.parameters(), 0.05);
        using var generator = new Generator(42);
        torch.manual_seed(7);
        var losses = new List<float>();
        for (var step = 0; step < 6; step++)
        {
            losses.Add(TrainStep(model, optimizer, schedule, step, generator));
            if (step == 2)
                TrainingCheckpoint.Save(path, model, optimizer, new TrainingProgress { Step = 3, Schedule = schedule, Counters = new Dictionary<string, long> { ["seed"] = 99, ["epoch"] = 1 } }, generator);
        }

        // Resumed: a different initialisation, fresh optimiser and generators, then restored.
        using var resumed = TinyModel(12345);
        using var resumedOptimizer = optim.Adam(resumed.parameters(), 0.05);
        using var resumedGenerator = new Generator(0);
        torch.manual_seed(0);
        var progress = TrainingCheckpoint.Load(path, resumed, resumedOptimizer, resumedGenerator);
        Assert.Equal(3, progress.Step);
        Assert.Equal(schedule.ToString(), progress.Schedule!.ToString());
        Assert.Equal(99, progress.Counters["seed"]);
        Assert.Equal(1, progress.Counters["epoch"]);

        var resumedLosses = new List<float>();
        for (var step = progress.Step; step < 6; step++)
            resumedLosses.Add(TrainStep(resumed, resumedOptimizer, progress.Schedule, step, resumedGenerator));

        Assert.Equal(losses.Skip(3).ToArray(), resumedLosses.ToArray());     // bit-identical losses
        var expected = Parameters(model);
        var actual = Parameters(resumed);
        for (var i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], actual[i]);                               // bit-identical parameters (Adam moments restored)
    }

    [Fact]
    public void The_manifest_describes_the_checkpoint()
    {
        using var model = TinyModel(1);
        var path = Path.Combine(_folder, "m.ckpt");
        var written = TrainingCheckpoint.Save(path, model, null, new TrainingProgress { Step = 17 });
        var manifest = TrainingCheckpoint.ReadManifest(path);
        Assert.Equal(TrainingCheckpoint.FormatVersion, manifest.FormatVersion);
        Assert.Equal(17, manifest.Step);
        Assert.Null(manifest.OptimizerType);
        Assert.Equal(written.PayloadSha256, manifest.PayloadSha256);
        Assert.Equal(64, manifest.PayloadSha256.Length);
        Assert.Equal(["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"], manifest.Tensors.Select(t => t.Name).ToArray());
        Assert.Equal([5L, 3L], manifest.Tensors[0].Shape);
        Assert.Equal("Float32", manifest.Tensors[0].DType);
    }

    [Fact]
    public void A_truncated_checkpoint_raises_an_error_naming_the_file()
    {
        using var model = TinyModel(1);
        using var optimizer = optim.Adam(model.parameters());
        var path = Path.Combine(_folder, "t.ckpt");
        TrainingCheckpoint.Save(path, model, optimizer, new TrainingProgress { Step = 1 });
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<CheckpointException>(() => TrainingCheckpoint.Load(path, model, optimizer));
        Assert.Contains(path, error.Message);
        Assert.Contains("truncated", error.Message);
        Assert.Equal(path, error.FilePath);
    }

    [Fact]
    public void A_garbled_payload_is_caught_by_the_checksum_and_the_module_is_left_unchanged()
    {
        using var model = TinyModel(1);
        using var optimizer = optim.Adam(model.parameters());
        var path = Path.Combine(_folder, "g.ckpt");
        var manifest = TrainingCheckpoint.Save(path, model, optimizer, new TrainingProgress { Step = 1 });
        var bytes = File.ReadAllBytes(path);
        bytes[8 + manifest.PayloadLength / 2] ^= 0x5A;
        File.WriteAllBytes(path, bytes);

        using var other = TinyModel(2);
        using var otherOptimizer = optim.Adam(other.parameters());
        var before = Parameters(other);
        var error = Assert.Throws<CheckpointException>(() => TrainingCheckpoint.Load(path, other, otherOptimizer));
        Assert.Contains(path, error.Message);
        Assert.Contains("SHA-256", error.Message);
        var after = Parameters(other);
        for (var i = 0; i < before.Length; i++)
            Assert.Equal(before[i], after[i]);
    }

    [Fact]
    public void A_file_that_is_not_a_checkpoint_is_named_as_such()
    {
        var path = Path.Combine(_folder, "junk.ckpt");
        File.WriteAllText(path, "this is not a checkpoint at all, just some text");
        using var model = TinyModel(1);
        var error = Assert.Throws<CheckpointException>(() => TrainingCheckpoint.Load(path, model, null));
        Assert.Contains("not a Gem checkpoint", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void A_checkpoint_of_other_shapes_raises_an_error_naming_what_mismatched()
    {
        using var model = TinyModel(1, hidden: 5);
        var path = Path.Combine(_folder, "shape.ckpt");
        TrainingCheckpoint.Save(path, model, null, new TrainingProgress { Step = 1 });
        using var wider = TinyModel(2, hidden: 6);
        var before = Parameters(wider);
        var error = Assert.Throws<CheckpointException>(() => TrainingCheckpoint.Load(path, wider, null));
        Assert.Contains(path, error.Message);
        Assert.Contains("'fc1.weight' has shape [5, 3] in the checkpoint but [6, 3] in the module", error.Message);
        Assert.Equal(before[0], Parameters(wider)[0]);

        using var optimizer = optim.Adam(model.parameters());
        var missing = Assert.Throws<CheckpointException>(() => TrainingCheckpoint.Load(path, model, optimizer));
        Assert.Contains("no optimiser state", missing.Message);
    }

    [Fact]
    public void A_save_that_fails_midway_leaves_the_previous_checkpoint_intact()
    {
        using var model = TinyModel(1);
        using var optimizer = optim.Adam(model.parameters());
        var path = Path.Combine(_folder, "a.ckpt");
        var first = TrainingCheckpoint.Save(path, model, optimizer, new TrainingProgress { Step = 5 });
        var firstBytes = File.ReadAllBytes(path);

        using (var scope = torch.NewDisposeScope())
        using (torch.no_grad())
        {
            foreach (var p in model.parameters())
                p.add_(1.0f);
        }

        var error = Assert.Throws<IOException>(() => TrainingCheckpoint.Save(path, model, optimizer, new TrainingProgress { Step = 6 }, null,
            stream => new FailingStream(stream, failAfterBytes: 200), CancellationToken.None));
        Assert.Contains("disk full", error.Message);
        Assert.Equal(firstBytes, File.ReadAllBytes(path));
        Assert.Equal(first.Step, TrainingCheckpoint.ReadManifest(path).Step);
        Assert.Equal(["a.ckpt"], Directory.GetFiles(_folder).Select(f => Path.GetFileName(f)!).ToArray());

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => TrainingCheckpoint.Save(path, model, optimizer, new TrainingProgress { Step = 7 }, cancellationToken: cancelled.Token));
        Assert.Equal(firstBytes, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public void Saving_and_loading_leave_no_tensor_alive()
    {
        using var model = TinyModel(1);
        using var optimizer = optim.Adam(model.parameters());
        using var generator = new Generator(3);
        var path = Path.Combine(_folder, "leak.ckpt");
        Gem.Testing.TensorLeakCheck.AssertNoLeak(() =>
        {
            TrainingCheckpoint.Save(path, model, optimizer, new TrainingProgress { Step = 2 }, generator);
            TrainingCheckpoint.Load(path, model, optimizer, generator);
            return [];
        }, "save and load");
    }

    /// <summary>A stream that fails like a full disk after a number of bytes.</summary>
    private sealed class FailingStream(Stream inner, long failAfterBytes) : Stream
    {
        private long _written;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _written;
        public override long Position { get => _written; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_written + buffer.Length > failAfterBytes)
                throw new IOException("Simulated failure: disk full.");
            inner.Write(buffer);
            _written += buffer.Length;
        }
    }
}
