using Gem.Core.Evaluation;
using Gem.Core.Tests.Training;
using Gem.Core.Tokenization;
using Gem.Entropy.Scoring;
using Gem.Entropy.Spans;

namespace Gem.Core.Tests.Evaluation;

public sealed class CompletionScorerTests
{
    private static List<EncodedSequence> Sequences()
    {
        var encoder = TrainerFixtures.Encoder();
        // Different prompt and completion lengths, so that batches pad on both sides.
        return TrainerFixtures.Pairs(5, seed: 4)
            .SelectMany((p, i) => new[] { encoder.Encode(p.Prompt + new string(' ', i), p.Chosen!), encoder.Encode(p.Prompt, p.Rejected![..(8 + i)]) })
            .ToList();
    }

    [Fact]
    public void The_last_token_entropy_and_the_mean_log_probability_match_a_float64_reference_on_unpadded_rows()
    {
        var policy = TrainerFixtures.Policy();
        var scorer = new CompletionScorer(policy, TrainerFixtures.Encoder(),
            new EntropyGuidedScorer(new EntropyGuidedScorerOptions { UseForkTerm = false }), new LastTokenSpanStrategy());
        var sequences = Sequences();
        var scores = scorer.Score(sequences, batchSize: 3);

        Assert.Equal(sequences.Count, scores.Count);
        for (var i = 0; i < sequences.Count; i++)
        {
            var s = sequences[i];
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var ids = tensor(s.Ids.Select(id => (long)id).ToArray()).unsqueeze(0);
            var logits = policy.Forward(ids, null)[0].to(ScalarType.Float64);
            var logProbabilities = logits.log_softmax(-1);
            // Position t predicts token t + 1; the completion's tokens are predicted from P − 1 … P + C − 2.
            var predicting = logProbabilities.narrow(0, s.PromptLength - 1, s.CompletionLength);
            var targets = tensor(s.CompletionIds.Select(id => (long)id).ToArray());
            var meanLogProbability = predicting.gather(1, targets.unsqueeze(1)).mean().item<double>();
            var last = predicting[s.CompletionLength - 1];
            var entropy = -(last.exp() * last).sum().item<double>();

            Assert.Equal(-entropy, scores[i].Score, 4);
            Assert.Equal(entropy, scores[i].FinalEntropy!.Value, 4);
            Assert.Equal(meanLogProbability, scores[i].MeanLogProbability, 4);
        }
    }

    [Fact]
    public void Scores_do_not_depend_on_the_batch_a_sequence_is_padded_in_and_the_mode_is_restored()
    {
        var policy = TrainerFixtures.Policy();
        var scorer = new CompletionScorer(policy, TrainerFixtures.Encoder());
        var sequences = Sequences();
        policy.TrainableModule.train();
        var alone = sequences.Select(s => scorer.Score([s])[0]).ToList();
        var together = scorer.Score(sequences, batchSize: 10);
        Assert.True(policy.TrainableModule.training);
        for (var i = 0; i < sequences.Count; i++)
        {
            Assert.Equal(alone[i].Score, together[i].Score, 4);
            Assert.Equal(alone[i].AnswerFound, together[i].AnswerFound);
            Assert.Equal(alone[i].MeanLogProbability, together[i].MeanLogProbability, 4);
        }

        // The chosen chains end with "The answer is N."; the truncated rejected ones never reach the marker.
        Assert.All(together.Where((_, i) => i % 2 == 0), s => Assert.True(s.AnswerFound));
        Assert.All(together.Where((_, i) => i % 2 == 1), s => Assert.False(s.AnswerFound));
    }

    [Fact]
    public void Several_scorers_in_one_pass_give_what_each_gives_alone_with_the_span_sizes_and_m()
    {
        var policy = TrainerFixtures.Policy();
        var sequences = Sequences();
        IEntropyScorer[] scorers =
        [
            new EntropyGuidedScorer(),
            new EntropyGuidedScorer(new EntropyGuidedScorerOptions { ForkCount = 2 }),
            new SelfCertaintyScorer(),
        ];
        var together = new CompletionScorer(policy, TrainerFixtures.Encoder()).Score(sequences, scorers, batchSize: 4);

        Assert.Equal(scorers.Length, together.Count);
        for (var j = 0; j < scorers.Length; j++)
        {
            var alone = new CompletionScorer(policy, TrainerFixtures.Encoder(), scorers[j]).Score(sequences, batchSize: 3);
            for (var i = 0; i < sequences.Count; i++)
            {
                Assert.Equal(alone[i].Score, together[j][i].Score, tolerance: 1e-5);
                Assert.Equal(alone[i].FinalEntropy.HasValue, together[j][i].FinalEntropy.HasValue);
                Assert.Equal(alone[i].AnswerFound, together[j][i].AnswerFound);
                Assert.Equal(alone[i].TopCount, together[j][i].TopCount);
                Assert.Equal(sequences[i].CompletionLength, together[j][i].AnswerTokens + together[j][i].ReasoningTokens);
                Assert.True(together[j][i].AnswerTokens >= 1, $"row {i}: no answer token");
            }
        }

        // m = max(1, ⌈ρ·|reasoning|⌉) by default, and the given count (at most the reasoning span) with ForkCount = 2.
        for (var i = 0; i < sequences.Count; i++)
        {
            var reasoning = together[0][i].ReasoningTokens;
            if (reasoning > 0)
                Assert.Equal(Math.Max(1, (int)Math.Ceiling(0.1 * reasoning)), together[0][i].TopCount);
            Assert.Equal(Math.Min(2, reasoning), together[1][i].TopCount);
            Assert.Null(together[2][i].TopCount);
        }
    }

    [Fact]
    public void Bad_input_names_the_argument()
    {
        var scorer = new CompletionScorer(TrainerFixtures.Policy(), TrainerFixtures.Encoder());
        Assert.Equal("sequences", Assert.Throws<ArgumentException>(() => scorer.Score([])).ParamName);
        Assert.Equal("sequences", Assert.Throws<ArgumentException>(() => scorer.Score([new EncodedSequence([1, 2], [])])).ParamName);
        Assert.Equal("batchSize", Assert.Throws<ArgumentOutOfRangeException>(() => scorer.Score(Sequences(), batchSize: 0)).ParamName);
        Assert.Equal("scorers", Assert.Throws<ArgumentException>(() => scorer.Score(Sequences(), [])).ParamName);
        Assert.Equal("encoder", Assert.Throws<ArgumentNullException>(() => new CompletionScorer(TrainerFixtures.Policy(), encoder: null)).ParamName);
    }
}
