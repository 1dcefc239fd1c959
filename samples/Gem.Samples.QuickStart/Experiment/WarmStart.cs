using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Gem.Core.Data;
using Gem.Core.Training;
using Gem.Samples.Llama.Model;
using Gem.Samples.QuickStart.Data;
using Gem.Samples.QuickStart.Tokenization;
using TorchSharp;

namespace Gem.Samples.QuickStart.Experiment;

/// <summary>The warm-started reference model's weights, and where they came from.</summary>
/// <param name="Weights">The model's state as written by TorchSharp's <c>Module.save</c>.</param>
/// <param name="Key">The cache key: a hash of everything that determines the weights.</param>
/// <param name="FromCache">Whether the weights were read from the cache instead of trained.</param>
/// <param name="TrainingTime">How long training took (zero when read from the cache).</param>
/// <param name="FinalLoss">The mean SFT loss of the last 10% of steps (NaN when read from the cache).</param>
public sealed record WarmStartWeights(byte[] Weights, string Key, bool FromCache, TimeSpan TrainingTime, double FinalLoss)
{
    /// <summary>A fresh model holding these weights.</summary>
    public LlamaForCausalLM CreateModel(LlamaConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var model = new LlamaForCausalLM(config);
        using var stream = new MemoryStream(Weights, writable: false);
        using var reader = new BinaryReader(stream);
        model.load(reader, strict: true);
        return model;
    }
}

/// <summary>
/// The SFT warm start every method begins from: a randomly initialised small Llama trained with Gem.Core's
/// <see cref="SftTrainer"/> on the demonstrations, of which a fraction carry realistic mistakes — so the reference
/// model makes such mistakes and alignment has room to help. Cached under a key that hashes everything that
/// determines the weights (format version, tokenizer vocabulary, model shape, data options, training options).
/// </summary>
public static class WarmStart
{
    private const int FormatVersion = 1;

    /// <summary>
    /// The cache key of <paramref name="plan"/>'s warm start: the format version, the vocabulary, the model's shape, the
    /// training options and the demonstrations' texts themselves (they depend on more than their own options: the
    /// held-out problems are excluded from them).
    /// </summary>
    public static string Key(ExperimentPlan plan, TaskTokenizer tokenizer, QuickStartDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(dataset);
        var m = plan.Model;
        var w = plan.WarmStart;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"v{FormatVersion}|vocab:{string.Join('\u0001', tokenizer.Tokens)}|model:{m.HiddenSize},{m.IntermediateSize},{m.LayerCount},{m.HeadCount},{m.KeyValueHeadCount},{m.MaxSequenceLength}" +
            $"|sft:{w.Steps},{w.BatchSize},{w.LearningRate:R},{w.Seed}|demonstrations:{string.Join('\u0002', dataset.Demonstrations.Select(x => x.Prompt + x.Completion))}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    /// <summary>Reads the warm start from the cache, or trains it (and caches it when the plan has a cache folder).</summary>
    /// <param name="plan">The experiment.</param>
    /// <param name="dataset">Its data (the demonstrations are used).</param>
    /// <param name="tokenizer">The task tokenizer.</param>
    /// <param name="progress">Receives (step, total steps, loss) during training.</param>
    /// <param name="cancellationToken">Checked between steps.</param>
    public static WarmStartWeights GetOrTrain(ExperimentPlan plan, QuickStartDataset dataset, TaskTokenizer tokenizer,
        IProgress<(long Step, long Total, double Loss)>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(tokenizer);
        var key = Key(plan, tokenizer, dataset);
        var path = plan.CacheDirectory is { } folder ? Path.Combine(folder, $"warmstart-{key}.bin") : null;
        if (path is not null && File.Exists(path))
            return new WarmStartWeights(File.ReadAllBytes(path), key, FromCache: true, TimeSpan.Zero, double.NaN);

        if (dataset.Demonstrations.Count == 0)
            throw new ArgumentException("The warm start needs demonstrations; the dataset has none (DemonstrationCount = 0).", nameof(dataset));
        var clock = Stopwatch.StartNew();
        var config = TaskModel.Config(plan.Model, tokenizer);
        using var model = TaskModel.Create(config, plan.WarmStart.Seed);
        var w = plan.WarmStart;
        var options = new TrainerOptions
        {
            Schedule = LearningRateSchedule.Cosine(w.LearningRate, Math.Max(1, w.Steps / 20), w.Steps, w.LearningRate / 10),
            BatchSize = w.BatchSize,
            Seed = w.Seed,
            EndOfSequenceTokenId = tokenizer.EosId,
            PadTokenId = tokenizer.PadId,
            MaxGradientNorm = 1.0,
        };
        var demonstrations = dataset.Demonstrations
            .Select(d => new PreferenceExample(d.Prompt, null, null, d.Problem.Answer.ToString(CultureInfo.InvariantCulture), referenceCompletion: d.Completion))
            .ToList();
        using var trainer = new SftTrainer(model, TaskModel.Encoder(tokenizer), options);
        var history = trainer.Train(demonstrations, w.Steps, new SynchronousProgress<TrainerStepMetrics>(m => progress?.Report((m.Step, w.Steps, m.Loss))), cancellationToken);
        var tail = history.Skip(history.Count - Math.Max(1, history.Count / 10)).Average(m => m.Loss);

        byte[] weights;
        using (var stream = new MemoryStream())
        {
            using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
                model.save(writer);
            weights = stream.ToArray();
        }

        if (path is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // Written to a temporary file and renamed, so an interrupted run never leaves a truncated cache entry.
            var temporary = path + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp";
            File.WriteAllBytes(temporary, weights);
            File.Move(temporary, path, overwrite: true);
        }

        return new WarmStartWeights(weights, key, FromCache: false, clock.Elapsed, tail);
    }
}
