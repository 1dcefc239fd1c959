using Gem.Core.Data;
using Gem.Core.Diagnostics;
using Gem.Core.Generation;
using Gem.Core.Policy;
using Gem.Core.Tokenization;
using Gem.Core.Training;
using Gem.Entropy.Scoring;
using Gem.Entropy.Spans;
using Gem.Samples.Llama.Tokenization;

namespace Gem.Samples.Common;

/// <summary>
/// The GEM run the stories260K samples share: <see cref="GemTrainer"/> on story openings without human pairs (with
/// k ≥ 2 sampled candidates a group needs none), a given scorer and spans, each step's metrics printed; and the options
/// of the fixed-seed probe sampled before and after.
/// </summary>
public static class StoryGem
{
    /// <summary>Checks what every run needs.</summary>
    /// <param name="settings">The settings.</param>
    /// <exception cref="ArgumentException">No prompts.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than one step.</exception>
    public static void Validate(StoryGemSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Prompts.Count == 0)
            throw new ArgumentException("settings.Prompts must hold at least one prompt; it was empty.", nameof(settings));
        if (settings.Steps < 1)
            throw new ArgumentOutOfRangeException(nameof(settings), settings.Steps, "settings.Steps must be at least 1.");
    }

    /// <summary>The probe's sampling: <see cref="StoryGemSettings.ProbeCandidates"/> per prompt, seed + 1000.</summary>
    /// <param name="settings">The settings.</param>
    /// <returns>The generation options.</returns>
    public static GenerationOptions ProbeGeneration(StoryGemSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new GenerationOptions
        {
            CandidatesPerPrompt = settings.ProbeCandidates, Temperature = settings.Temperature, MaxNewTokens = settings.MaxNewTokens,
            StopTokenIds = Stories260K.StopTokenIds, Seed = settings.Seed + 1000,
        };
    }

    /// <summary>Trains <paramref name="model"/> in place for <see cref="StoryGemSettings.Steps"/> GEM steps.</summary>
    /// <param name="model">stories260K (or another llama2.c model).</param>
    /// <param name="encoder">Formats and tokenises the prompts.</param>
    /// <param name="settings">Steps, k, tokens, learning rate, seed.</param>
    /// <param name="scorer">The score of the candidates (the library's or your own).</param>
    /// <param name="spans">Locates the answer and reasoning spans.</param>
    /// <param name="output">Receives one line of metrics per step.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    /// <returns>Each step's metrics.</returns>
    public static IReadOnlyList<GemStepMetrics> Train(
        ICausalLanguageModel model, ChatEncoder encoder, StoryGemSettings settings, IEntropyScorer scorer, IAnswerSpanStrategy spans, TextWriter output,
        CancellationToken cancellationToken = default)
    {
        Validate(settings);
        var gemOptions = new GemTrainerOptions
        {
            Generation = new GenerationOptions
            {
                CandidatesPerPrompt = settings.CandidatesPerPrompt, Temperature = settings.Temperature, MaxNewTokens = settings.MaxNewTokens,
                StopTokenIds = Stories260K.StopTokenIds, PadTokenId = Llama2CTokenizer.UnknownId,
            },
        };
        var trainerOptions = new TrainerOptions
        {
            Schedule = LearningRateSchedule.Constant(settings.LearningRate),
            BatchSize = Math.Min(settings.BatchSize, settings.Prompts.Count),
            PadTokenId = Llama2CTokenizer.UnknownId,
            EndOfSequenceTokenId = Llama2CTokenizer.EndOfSentenceId,
            Seed = settings.Seed,
        };
        var examples = settings.Prompts.Select(p => new PreferenceExample(p, chosen: null, rejected: null)).ToList();
        // The plug-in point: any IEntropyScorer goes where the library's EntropyGuidedScorer would.
        using var trainer = new GemTrainer(model, encoder, gemOptions, trainerOptions, scorer: scorer, spans: spans);
        return trainer.Train(examples, settings.Steps, new MetricsTable(output), cancellationToken);
    }
}
