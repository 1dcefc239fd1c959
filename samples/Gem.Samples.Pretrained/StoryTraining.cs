using System.Globalization;
using Gem.Core.Tokenization;
using Gem.Core.Training;
using Gem.Entropy.Scoring;
using Gem.Entropy.Spans;
using Gem.Samples.Common;
using Gem.Samples.Llama.Model;
using Gem.Samples.Llama.Tokenization;

namespace Gem.Samples.Pretrained;

/// <summary>
/// A few GEM steps on stories260K with the library's real parts: <see cref="GemTrainer"/> samples k candidates per
/// story opening, scores them with <see cref="EntropyGuidedScorer"/> (answer span: the last 20% of the story), ranks
/// them with the score ranker and takes SEGA steps. No human pairs: with k ≥ 2 sampled candidates a group needs none.
/// A probe — k candidates per prompt sampled with a fixed seed and scored — runs before and after, to show how the
/// scores move.
/// </summary>
public static class StoryTraining
{
    /// <summary>Trains <paramref name="model"/> in place and prints the probe and each step's metrics.</summary>
    /// <param name="model">stories260K (or another llama2.c model with its tokenizer).</param>
    /// <param name="tokenizer">Its tokenizer.</param>
    /// <param name="settings">Steps, k, tokens, learning rate, seed.</param>
    /// <param name="scorerOptions">λ, ρ and the rest of the score.</param>
    /// <param name="output">Where the report goes.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    /// <returns>The probe before and after, and the metrics.</returns>
    public static StoryTrainingReport Run(
        LlamaForCausalLM model, Llama2CTokenizer tokenizer, StoryTrainingSettings settings, EntropyGuidedScorerOptions scorerOptions, TextWriter output,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        StoryGem.Validate(settings);

        var scorer = new EntropyGuidedScorer(scorerOptions);
        var spans = new TailFractionSpanStrategy();
        var encoder = new ChatEncoder(tokenizer, new PlainChatTemplate());
        var promptIds = settings.Prompts.Select(p => encoder.EncodePrompt(p)).ToList();
        var probe = StoryGem.ProbeGeneration(settings);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"GEM on stories260K: {settings.Prompts.Count} story openings, {settings.BatchSize} per step, k = {settings.CandidatesPerPrompt} at τ = {settings.Temperature}, ≤ {settings.MaxNewTokens} tokens, AdamW lr {settings.LearningRate}, λ = {scorerOptions.Lambda}, ρ = {scorerOptions.ForkFraction}"));
        model.eval();
        var before = ScoreSummary.Of(CandidateScoring.SampleAndScore(model, promptIds, probe, scorer, spans));
        output.WriteLine($"probe before: {before}");
        output.WriteLine();

        var history = StoryGem.Train(model, encoder, settings, scorer, spans, output, cancellationToken);

        model.eval();
        var after = ScoreSummary.Of(CandidateScoring.SampleAndScore(model, promptIds, probe, scorer, spans));
        output.WriteLine();
        output.WriteLine($"probe after:  {after}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"mean S moved by {after.MeanScore - before.MeanScore:+0.0000;-0.0000} over {history.Count} steps (same prompts, same sampling seed)."));
        return new StoryTrainingReport(before, after, history);
    }
}
