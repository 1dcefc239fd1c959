using Gem.Core.Data;
using Gem.Core.Evaluation;
using Gem.Core.Generation;
using Gem.Core.Policy;
using Gem.Core.Training;
using Gem.Samples.QuickStart.Tokenization;

namespace Gem.Samples.QuickStart.Experiment;

/// <summary>What a model scores on the held-out set.</summary>
/// <param name="AnswerAccuracy">Greedy completions whose final answer equals the gold answer, in [0, 1].</param>
/// <param name="AnswerFound">Greedy completions with an answer marker and a number, in [0, 1].</param>
/// <param name="Preference">Preference accuracy on the held-out pairs under the three scores (implicit reward against the warm start).</param>
public sealed record HeldOutScores(double AnswerAccuracy, double AnswerFound, PreferenceEvaluation Preference);

/// <summary>
/// Evaluates a model on the held-out problems with Gem.Core's evaluators: answer accuracy (greedy, KV cache,
/// <see cref="AnswerExtractor"/>) and preference accuracy (<see cref="PreferenceEvaluator"/>, with the warm start as
/// the reference of DPO's implicit reward, so that every method is measured against the same model).
/// </summary>
public sealed class HeldOutEvaluator
{
    private readonly IReadOnlyList<PreferenceExample> _heldOut;
    private readonly TaskTokenizer _tokenizer;
    private readonly ICausalLanguageModel _reference;
    private readonly TrainerOptions _options;
    private readonly GenerationOptions _greedy;

    /// <summary>Creates the evaluator.</summary>
    /// <param name="heldOut">Held-out examples, each with a pair and a gold answer.</param>
    /// <param name="tokenizer">The task tokenizer.</param>
    /// <param name="reference">The warm start (reference of the implicit reward).</param>
    /// <param name="options">Pad and EOS ids as the trainers use them.</param>
    /// <param name="maxNewTokens">The most tokens a greedy completion may have.</param>
    public HeldOutEvaluator(IReadOnlyList<PreferenceExample> heldOut, TaskTokenizer tokenizer, ICausalLanguageModel reference, TrainerOptions options, int maxNewTokens)
    {
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(options);
        if (heldOut.Count == 0)
            throw new ArgumentException("heldOut must hold at least one example; it was empty.", nameof(heldOut));
        _heldOut = heldOut;
        _tokenizer = tokenizer;
        _reference = reference;
        _options = options;
        _greedy = new GenerationOptions
        {
            Greedy = true,
            MaxNewTokens = maxNewTokens,
            StopTokenIds = [tokenizer.EosId],
            PadTokenId = tokenizer.PadId,
        };
    }

    /// <summary>Answer accuracy only (for training curves).</summary>
    public AnswerEvaluation Answers(ICausalLanguageModel model, CancellationToken cancellationToken = default) =>
        new AnswerAccuracyEvaluator(model, TaskModel.Encoder(_tokenizer), _greedy).Evaluate(_heldOut, batchSize: 64, cancellationToken: cancellationToken);

    /// <summary>Answer and preference accuracy.</summary>
    public HeldOutScores Evaluate(ICausalLanguageModel model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var answers = Answers(model, cancellationToken);
        var preference = new PreferenceEvaluator(model, TaskModel.Encoder(_tokenizer), reference: _reference, options: _options)
            .Evaluate(_heldOut, batchSize: 32, cancellationToken: cancellationToken);
        return new HeldOutScores(answers.Accuracy, (double)answers.AnswerFound / answers.Examples, preference);
    }
}
