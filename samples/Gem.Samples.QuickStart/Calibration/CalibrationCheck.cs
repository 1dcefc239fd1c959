using Gem.Core.Data;
using Gem.Core.Evaluation;
using Gem.Core.Generation;
using Gem.Core.Policy;
using Gem.Core.Tokenization;
using Gem.Core.Training;
using Gem.Entropy.Scoring;
using Gem.Samples.QuickStart.Experiment;
using Gem.Samples.QuickStart.Tokenization;

namespace Gem.Samples.QuickStart.Calibration;

/// <summary>
/// Samples k candidates per held-out prompt with Gem.Core's <see cref="CandidateGenerator"/>, scores them with
/// <see cref="CompletionScorer"/> exactly as the GEM trainer would, checks each final answer against the gold answer,
/// and reports best-of-k against a random pick and the AUROCs (<see cref="CalibrationMath"/>).
/// </summary>
public static class CalibrationCheck
{
    /// <summary>Runs the check.</summary>
    /// <param name="model">The model that samples and scores.</param>
    /// <param name="modelName">Its name in the report.</param>
    /// <param name="heldOut">Held-out examples with gold answers; the first <see cref="CalibrationOptions.Prompts"/> are used.</param>
    /// <param name="tokenizer">The task tokenizer.</param>
    /// <param name="options">Prompts, k, temperature, seed.</param>
    /// <param name="scorer">The GEM score (S) to check.</param>
    /// <param name="maxNewTokens">The most tokens per candidate.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    public static CalibrationReport Run(ICausalLanguageModel model, string modelName, IReadOnlyList<PreferenceExample> heldOut, TaskTokenizer tokenizer,
        CalibrationOptions options, IEntropyScorer scorer, int maxNewTokens, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(scorer);
        var examples = heldOut.Take(options.Prompts).ToList();
        if (examples.Count == 0)
            throw new ArgumentException("heldOut must hold at least one example; it was empty.", nameof(heldOut));
        var encoder = TaskModel.Encoder(tokenizer);
        var k = options.Candidates;
        var generation = new GenerationOptions
        {
            CandidatesPerPrompt = k,
            Temperature = options.Temperature,
            MaxNewTokens = maxNewTokens,
            StopTokenIds = [tokenizer.EosId],
            PadTokenId = tokenizer.PadId,
        };

        var sequences = new List<EncodedSequence>(examples.Count * k);
        var correct = new List<bool>(examples.Count * k);
        var generator = new CandidateGenerator(model, tokenizer);
        var wasTraining = model.TrainableModule.training;
        model.TrainableModule.eval();
        using (var random = new TorchSharp.torch.Generator(unchecked((ulong)options.Seed), model.Device))
        {
            try
            {
                const int promptsPerBatch = 16;
                for (var start = 0; start < examples.Count; start += promptsPerBatch)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var chunk = examples.Skip(start).Take(promptsPerBatch).ToList();
                    var prompts = chunk.Select(e => encoder.EncodePrompt(e.Prompt)).ToList();
                    using var result = generator.Generate(prompts, generation, random, cancellationToken);
                    for (var b = 0; b < chunk.Count; b++)
                    {
                        for (var j = 0; j < k; j++)
                        {
                            var tokens = result.GetCompletionTokens(result.RowOf(b, j));
                            sequences.Add(new EncodedSequence(prompts[b], tokens.Count > 0 ? tokens : [tokenizer.EosId]));
                            correct.Add(AnswerExtractor.IsCorrect(tokenizer.Decode(tokens), chunk[b].GoldAnswer!));
                        }
                    }
                }
            }
            finally
            {
                model.TrainableModule.train(wasTraining);
            }
        }

        var scoringOptions = new TrainerOptions { PadTokenId = tokenizer.PadId, EndOfSequenceTokenId = tokenizer.EosId };
        var scores = new CompletionScorer(model, encoder, scorer, options: scoringOptions).Score(sequences, batchSize: 64, cancellationToken);

        IReadOnlyList<IReadOnlyList<ScoredCandidate>> Groups(Func<CompletionScore, double> select) =>
            Enumerable.Range(0, examples.Count)
                .Select(g => (IReadOnlyList<ScoredCandidate>)Enumerable.Range(g * k, k).Select(i => new ScoredCandidate(select(scores[i]), correct[i])).ToList())
                .ToList();

        ScoreCalibration Calibrate(string name, Func<CompletionScore, double> select)
        {
            var groups = Groups(select);
            return new ScoreCalibration(name, CalibrationMath.BestOfKAccuracy(groups), CalibrationMath.Auroc(groups.SelectMany(g => g).ToList()),
                CalibrationMath.WithinGroupAuroc(groups));
        }

        var byScore = Groups(s => s.Score);
        return new CalibrationReport(
            modelName,
            examples.Count,
            k,
            options.Temperature,
            CalibrationMath.RandomPickAccuracy(byScore),
            CalibrationMath.OracleAccuracy(byScore),
            scores.Count(s => s.AnswerFound) / (double)scores.Count,
            [
                Calibrate("gem", s => s.Score),
                Calibrate("neg-final-entropy", s => -(s.FinalEntropy ?? 0)),
                Calibrate("fork-term", s => s.ForkTerm ?? 0),
                Calibrate("mean-log-prob", s => s.MeanLogProbability),
            ]);
    }
}
