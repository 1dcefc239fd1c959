using Gem.Entropy.Scoring;
using Gem.Entropy.Spans;
using Gem.Entropy.Statistics;
using Gem.Entropy.Tests.Statistics;
using Gem.Testing;

namespace Gem.Entropy.Tests;

/// <summary>After each public operation no tensor stays alive that the caller did not receive (and dispose).</summary>
public sealed class LeakTests
{
    [Fact]
    public void Token_statistics_leave_only_their_results_on_every_path()
    {
        using var scope = NewDisposeScope();
        // Masked entries and logits beyond the unshifted fp32 range take the exact recomputation path.
        var logits = RandomLogits.Make([3, 5, 70], ScalarType.BFloat16, 3.0, 0.3, 17);
        logits[1] = logits[1] + 120;
        var targets = RandomLogits.Targets(logits, 17);
        var options = new TokenStatisticsOptions { ChunkRows = 4, Temperature = 0.8 };
        TensorLeakCheck.AssertNoLeak(() => [TokenStatistics.Compute(logits, targets, TokenStatistic.All, options)], "Compute");
        TensorLeakCheck.AssertNoLeak(() => [TokenStatistics.Entropy(logits, options)], "Entropy");
        TensorLeakCheck.AssertNoLeak(() => [TokenStatistics.SelectedLogProbabilities(logits, targets, options)], "SelectedLogProbabilities");
    }

    [Fact]
    public void A_rejected_call_leaves_nothing_behind()
    {
        using var scope = NewDisposeScope();
        var logits = randn(4, 9);
        logits[2, 3] = tensor(float.NaN);
        var targets = zeros([4], ScalarType.Int64);
        TensorLeakCheck.AssertNoLeak(() =>
        {
            Assert.Throws<ArgumentException>(() => TokenStatistics.Compute(logits, targets, TokenStatistic.All));
            return [];
        }, "a call that throws");
    }

    [Fact]
    public void Gradients_through_log_probabilities_and_entropy_leave_only_the_gradient()
    {
        using var scope = NewDisposeScope();
        var logits = RandomLogits.Make([2, 6, 40], ScalarType.Float32, 2.0, 0.2, 4).requires_grad_();
        var targets = RandomLogits.Targets(logits, 4);
        var options = new TokenStatisticsOptions { ChunkRows = 5, EntropyRequiresGrad = true };
        TensorLeakCheck.AssertNoLeak(() =>
        {
            // TorchSharp registers the wrapper of a custom function's returned gradient in the dispose scope around
            // backward() (it cannot be released before the native engine has copied it): a training step's scope.
            using (var step = NewDisposeScope())
            {
                var result = TokenStatistics.Compute(logits, targets, TokenStatistic.Entropy | TokenStatistic.TargetLogProbability, options);
                (result.TargetLogProbabilities!.sum() + result.Entropy!.mean()).backward();
            }

            // The gradient is the caller's: take it away so that each run starts without one.
            var gradient = logits.grad;
            logits.grad = null;
            return [gradient];
        }, "backward");
    }

    [Fact]
    public void Span_strategies_and_scorers_leave_only_their_results()
    {
        using var scope = NewDisposeScope();
        var vocabulary = new Spans.PieceVocabulary();
        var (ids, mask) = Spans.PieceVocabulary.Batch(
            vocabulary.Encode("x", " The answer is", " 4"), vocabulary.Encode("a", "b", "c", "d", "e", "f"), []);
        IAnswerSpanStrategy[] strategies = [MarkerSpanStrategy.CreateDefault(vocabulary.Decode), new TailFractionSpanStrategy(), new LastTokenSpanStrategy()];
        foreach (var strategy in strategies)
            TensorLeakCheck.AssertNoLeak(() => [strategy.Locate(ids, mask)], strategy.GetType().Name);

        var logits = RandomLogits.Make([3, 6, 30], ScalarType.Float32, 2.0, 0.0, 9);
        var stats = TokenStatistics.Compute(logits, null, TokenStatistic.Entropy | TokenStatistic.SelfCertainty);
        var spans = strategies[0].Locate(ids, mask);
        var input = new EntropyScoringInput(stats.Entropy!, mask, spans, stats.SelfCertainty);
        IEntropyScorer[] scorers =
        [
            new EntropyGuidedScorer(),
            new EntropyGuidedScorer(new EntropyGuidedScorerOptions { ForkCount = 2, AnswerReduction = AnswerReduction.Max, MissingAnswerScore = -5 }),
            new MeanNegativeEntropyScorer(),
            new SelfCertaintyScorer(),
        ];
        foreach (var scorer in scorers)
            TensorLeakCheck.AssertNoLeak(() => [scorer.Score(input)], scorer.GetType().Name);
    }
}
