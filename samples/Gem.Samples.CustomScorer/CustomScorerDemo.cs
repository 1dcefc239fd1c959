using System.Globalization;
using Gem.Core.Generation;
using Gem.Core.Policy;
using Gem.Core.Tokenization;
using Gem.Core.Training;
using Gem.Entropy.Scoring;
using Gem.Entropy.Spans;
using Gem.Samples.Common;
using Gem.Samples.Llama.Tokenization;

namespace Gem.Samples.CustomScorer;

/// <summary>
/// The sample: (1) one prompt's candidates scored by the library's <see cref="EntropyGuidedScorer"/> and by
/// <see cref="AnswerSpreadScorer"/>, side by side, with their ranks; (2) <see cref="GemTrainer"/> with the custom scorer
/// plugged in (<c>scorer: new AnswerSpreadScorer(γ)</c>) for a few steps on stories260K, each step's metrics printed,
/// and a probe before and after.
/// </summary>
public static class CustomScorerDemo
{
    /// <summary>Runs both parts.</summary>
    /// <param name="model">stories260K (or another llama2.c model), trained in place.</param>
    /// <param name="tokenizer">Its tokenizer.</param>
    /// <param name="settings">What to run.</param>
    /// <param name="output">Where the report goes.</param>
    /// <param name="cancellationToken">Stops training between steps.</param>
    /// <returns>The training part's probe and metrics.</returns>
    public static CustomScorerReport Run(
        ICausalLanguageModel model, Llama2CTokenizer tokenizer, CustomScorerSettings settings, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        StoryGem.Validate(settings);
        Compare(model, tokenizer, settings, output);
        output.WriteLine();
        return Train(model, tokenizer, settings, output, cancellationToken);
    }

    /// <summary>Part 1: the same candidates under both scorers.</summary>
    /// <param name="model">The model, in eval mode.</param>
    /// <param name="tokenizer">Its tokenizer.</param>
    /// <param name="settings">The first prompt, the number of candidates, γ, the seed.</param>
    /// <param name="output">Where the table goes.</param>
    public static void Compare(ICausalLanguageModel model, Llama2CTokenizer tokenizer, CustomScorerSettings settings, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        var prompt = settings.Prompts[0];
        var promptIds = tokenizer.EncodeToIds(prompt);
        var generation = new GenerationOptions
        {
            CandidatesPerPrompt = settings.CompareCandidates, Temperature = settings.Temperature, MaxNewTokens = settings.MaxNewTokens,
            StopTokenIds = Stories260K.StopTokenIds, Seed = settings.Seed,
        };
        model.TrainableModule.eval();
        using var generated = new CandidateGenerator(model).Generate([promptIds], generation);
        var spans = new TailFractionSpanStrategy();
        var both = CandidateScoring.Score(model, generated, [new EntropyGuidedScorer(), new AnswerSpreadScorer(settings.SpreadWeight)], spans);
        var (gem, custom) = (both[0], both[1]);
        var gemRank = Ranks(gem);
        var customRank = Ranks(custom);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Prompt \"{prompt}\": {settings.CompareCandidates} candidates scored by the library's S = −H_final + F and by the custom S' = S − γ·σ_answer (γ = {settings.SpreadWeight}); answer span = the last 20%"));
        output.WriteLine(" cand        S  rank(S)  γ·σ_answer       S'  rank(S')  story");
        for (var i = 0; i < gem.Count; i++)
        {
            var text = prompt + Stories260K.CompletionText(tokenizer, promptIds, gem[i].CompletionIds).Replace("\n", " ", StringComparison.Ordinal);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{i + 1,5} {gem[i].Score,8:F4} {gemRank[i],8} {gem[i].Score - custom[i].Score,11:F4} {custom[i].Score,8:F4} {customRank[i],9}  {Shorten(text, 70)}"));
        }

        var reordered = Enumerable.Range(0, gem.Count).Count(i => gemRank[i] != customRank[i]);
        output.WriteLine($"{reordered} of {gem.Count} candidates change rank under the custom scorer.");
    }

    /// <summary>Part 2: a few GEM steps with the custom scorer plugged into <see cref="GemTrainer"/>.</summary>
    /// <param name="model">The model, trained in place.</param>
    /// <param name="tokenizer">Its tokenizer.</param>
    /// <param name="settings">Steps, k, tokens, learning rate, γ, seed.</param>
    /// <param name="output">Where the metrics go.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    /// <returns>The probe before and after, and each step's metrics.</returns>
    public static CustomScorerReport Train(
        ICausalLanguageModel model, Llama2CTokenizer tokenizer, CustomScorerSettings settings, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        var scorer = new AnswerSpreadScorer(settings.SpreadWeight);
        var spans = new TailFractionSpanStrategy();
        var encoder = new ChatEncoder(tokenizer, new PlainChatTemplate());
        var promptIds = settings.Prompts.Select(p => encoder.EncodePrompt(p)).ToList();
        var probe = StoryGem.ProbeGeneration(settings);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"GEM steps with the custom scorer: {settings.Prompts.Count} prompts, {settings.BatchSize} per step, k = {settings.CandidatesPerPrompt}, ≤ {settings.MaxNewTokens} tokens, lr {settings.LearningRate}, γ = {settings.SpreadWeight}"));
        var before = Probe(model, promptIds, probe, scorer, spans);
        output.WriteLine($"probe before: {before}");
        output.WriteLine();

        // The plug-in point: StoryGem.Train hands the custom scorer to GemTrainer as `scorer:`, where the library's
        // EntropyGuidedScorer would go.
        var history = StoryGem.Train(model, encoder, settings, scorer, spans, output, cancellationToken);

        var after = Probe(model, promptIds, probe, scorer, spans);
        output.WriteLine();
        output.WriteLine($"probe after:  {after}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"mean S' moved by {after.MeanCustomScore - before.MeanCustomScore:+0.0000;-0.0000} and mean σ_answer by {after.MeanSpread - before.MeanSpread:+0.0000;-0.0000} over {history.Count} steps (same prompts, same sampling seed)."));
        return new CustomScorerReport(before, after, history);
    }

    /// <summary>Samples the probe's candidates once and scores them with both the custom and the library's scorer.</summary>
    private static ProbeSummary Probe(
        ICausalLanguageModel model, IReadOnlyList<IReadOnlyList<int>> promptIds, GenerationOptions probe, AnswerSpreadScorer scorer, TailFractionSpanStrategy spans)
    {
        model.TrainableModule.eval();
        using var generated = new CandidateGenerator(model).Generate(promptIds, probe);
        // One forward pass for all three. S − S'(γ = 1) is σ_answer itself: the GEM part of both scores is the same computation.
        var scored = CandidateScoring.Score(model, generated,
            [scorer, new EntropyGuidedScorer(scorer.GemOptions), new AnswerSpreadScorer(1.0, scorer.GemOptions)], spans);
        var (custom, gem, unit) = (scored[0], scored[1], scored[2]);
        var spread = gem.Zip(unit, (g, u) => g.Score - u.Score).Average();
        return new ProbeSummary(custom.Average(c => c.Score), gem.Average(c => c.Score), spread, custom.Count);
    }

    /// <summary>1-based ranks by descending score (ties by row).</summary>
    private static int[] Ranks(IReadOnlyList<ScoredCandidate> candidates)
    {
        var ranks = new int[candidates.Count];
        var order = Enumerable.Range(0, candidates.Count).OrderByDescending(i => candidates[i].Score).ThenBy(i => i).ToList();
        for (var position = 0; position < order.Count; position++)
            ranks[order[position]] = position + 1;
        return ranks;
    }

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
