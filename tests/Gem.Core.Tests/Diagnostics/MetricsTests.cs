using Gem.Core.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Gem.Core.Tests.Diagnostics;

public sealed class MetricsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "gem-tb-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    private static GemStepMetrics Sample(long step, double? kl = 0.02) => new()
    {
        Step = step,
        Loss = -0.125 * step,
        RewardMean = 0.5,
        RewardStd = 0.25,
        AdvantageAbsMean = 0.2,
        MeanFinalEntropy = 1.5,
        MeanForkTerm = 3.0,
        AnswerFoundFraction = 0.75,
        ZeroVarianceGroups = 1,
        Groups = 4,
        KullbackLeibler = kl,
        GradientNorm = 2.5,
        LearningRate = 1e-5,
        MeanCompletionLength = 42.5,
        TokensPerSecond = 1234,
        GenerationTime = TimeSpan.FromSeconds(1.5),
        UpdateTime = TimeSpan.FromSeconds(0.5),
    };

    /// <summary>Reads a TFRecord event file: [u64 length][u32 crc][data][u32 crc] records, each a Tensorboard.Event.</summary>
    private static List<Tensorboard.Event> ReadEvents(string file)
    {
        var events = new List<Tensorboard.Event>();
        using var reader = new BinaryReader(File.OpenRead(file));
        while (reader.BaseStream.Position < reader.BaseStream.Length)
        {
            var length = reader.ReadUInt64();
            reader.ReadUInt32();
            var data = reader.ReadBytes((int)length);
            reader.ReadUInt32();
            events.Add(Tensorboard.Event.Parser.ParseFrom(data));
        }
        return events;
    }

    [Fact]
    public void The_TensorBoard_writer_writes_every_metric_as_a_scalar_with_its_step()
    {
        var writer = new TensorBoardMetricsWriter(_folder);
        writer.Report(Sample(1));
        writer.Report(Sample(2, kl: null));

        var file = Assert.Single(Directory.GetFiles(_folder, "events.out.tfevents.*"));
        Assert.True(new FileInfo(file).Length > 0);
        var events = ReadEvents(file);
        Assert.Equal("brain.Event:2", events[0].FileVersion);

        var scalars = events.Skip(1).Select(e => (e.Step, Tag: e.Summary.Value[0].Tag, Value: e.Summary.Value[0].SimpleValue)).ToList();
        var first = scalars.Where(s => s.Step == 1).ToDictionary(s => s.Tag, s => s.Value);
        Assert.Equal(15, first.Count);
        Assert.Equal(-0.125f, first["train/loss"]);
        Assert.Equal(0.5f, first["train/reward"]);
        Assert.Equal(0.25f, first["train/reward_std"]);
        Assert.Equal(0.02f, first["train/kl"]);
        Assert.Equal(0.25f, first["train/frac_reward_zero_std"]);
        Assert.Equal(1e-5f, first["train/learning_rate"]);
        Assert.Equal(1.5f, first["train/generation_seconds"]);
        var second = scalars.Where(s => s.Step == 2).ToDictionary(s => s.Tag, s => s.Value);
        Assert.Equal(14, second.Count);
        Assert.False(second.ContainsKey("train/kl"));
        Assert.Equal(-0.25f, second["train/loss"]);
        Assert.True(events.Skip(1).All(e => e.WallTime > 1.7e9 && e.WallTime < 1e10), "wall time is in Unix seconds");
    }

    [Fact]
    public void The_TensorBoard_writer_rejects_steps_beyond_int32()
    {
        var writer = new TensorBoardMetricsWriter(_folder);
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Report(Sample((long)int.MaxValue + 1)));
    }

    [Fact]
    public void Step_metrics_are_logged_with_every_value()
    {
        var logger = new RecordingLogger();
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
        try
        {
            Log.StepCompleted(logger, Sample(3));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
        var (level, id, message) = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Information, level);
        Assert.Equal(1000, id);
        foreach (var part in new[] { "GEM step 3", "loss -0.375", "reward 0.5 ± 0.25", "|advantage| 0.2", "H_final 1.5", "fork 3",
                     "zero-variance groups 1/4", "KL 0.02", "grad norm 2.5", "lr 1E-05", "completion length 42.5", "1234 tokens/s",
                     "generation 1.50 s", "update 0.50 s" })
            Assert.Contains(part, message);
    }

    [Fact]
    public void Disabled_levels_log_nothing()
    {
        var logger = new RecordingLogger { MinimumLevel = LogLevel.Warning };
        Log.StepCompleted(logger, Sample(1));
        Assert.Empty(logger.Entries);
        Log.AllGroupsZeroVariance(logger, 1, 4);
        Assert.Contains("all 4 groups", Assert.Single(logger.Entries).Message);
    }

    /// <summary>A logger that keeps the formatted messages (invariant culture, as the test process runs).</summary>
    private sealed class RecordingLogger : ILogger
    {
        public LogLevel MinimumLevel { get; init; } = LogLevel.Trace;
        public List<(LogLevel Level, int Id, string Message)> Entries { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= MinimumLevel;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                Entries.Add((logLevel, eventId.Id, formatter(state, exception)));
        }
    }
}
