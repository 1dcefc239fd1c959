using FsCheck.Xunit;
using Gem.Entropy.Spans;

namespace Gem.Entropy.Tests.Spans;

public sealed class SpanStrategyTests
{
    private static bool[] Row(Tensor mask, int member) => mask[member].cpu().data<bool>().ToArray();

    private static int[] Positions(Tensor mask, int member) => Row(mask, member).Select((b, i) => b ? i : -1).Where(i => i >= 0).ToArray();

    [Fact]
    public void Text_marker_answer_starts_at_the_token_after_the_marker()
    {
        var vocabulary = new PieceVocabulary();
        var completion = vocabulary.Encode("Tom", " has", " 3", ".", " The", " answer", " is", " 4", "2", ".");
        var (ids, mask) = PieceVocabulary.Batch(completion);
        using var spans = MarkerSpanStrategy.CreateDefault(vocabulary.Decode).Locate(ids, mask);
        Assert.Equal([7, 8, 9], Positions(spans.AnswerMask, 0));
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], Positions(spans.ReasoningMask, 0));
        Assert.True(spans.AnswerFound[0].item<bool>());
    }

    [Fact]
    public void A_token_straddling_the_marker_end_belongs_to_the_answer_and_the_last_marker_wins()
    {
        var vocabulary = new PieceVocabulary();
        // "#### 5" is one marker; later "\boxed{" straddles tokens "\bo" + "xed{1" and ends inside the last but one token.
        var completion = vocabulary.Encode("##", "## 5", " so", " \\bo", "xed{1", "2}");
        var (ids, mask) = PieceVocabulary.Batch(completion);
        using var spans = MarkerSpanStrategy.CreateDefault(vocabulary.Decode).Locate(ids, mask);
        Assert.Equal([4, 5], Positions(spans.AnswerMask, 0));
        Assert.Equal([0, 1, 2, 3], Positions(spans.ReasoningMask, 0));
    }

    [Fact]
    public void Without_a_marker_the_last_20_percent_is_the_answer_and_the_member_is_flagged()
    {
        var vocabulary = new PieceVocabulary();
        var withMarker = vocabulary.Encode("x", " Final Answer", ":", " 7");
        var without = vocabulary.Encode("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k");
        var markerLast = vocabulary.Encode("y", " The answer is");
        var (ids, mask) = PieceVocabulary.Batch(withMarker, without, markerLast);
        using var spans = MarkerSpanStrategy.CreateDefault(vocabulary.Decode).Locate(ids, mask);
        Assert.Equal([true, false, false], spans.AnswerFound.data<bool>().ToArray());
        Assert.Equal([2, 3], Positions(spans.AnswerMask, 0));
        Assert.Equal([8, 9, 10], Positions(spans.AnswerMask, 1)); // ⌈0.2 · 11⌉ = 3
        Assert.Equal([1], Positions(spans.AnswerMask, 2)); // marker ends the completion: fallback, ⌈0.2 · 2⌉ = 1
    }

    [Fact]
    public void Token_id_markers_need_no_decoder_and_the_null_fallback_leaves_all_reasoning()
    {
        var strategy = new MarkerSpanStrategy(new MarkerSpanOptions { TextMarkers = [], TokenMarkers = [[9, 9]], Fallback = null });
        var (ids, mask) = PieceVocabulary.Batch([1, 9, 9, 2, 9, 9, 3, 4], [1, 2, 3]);
        using var spans = strategy.Locate(ids, mask);
        Assert.Equal([6, 7], Positions(spans.AnswerMask, 0));
        Assert.Equal([0, 1, 2, 3, 4, 5], Positions(spans.ReasoningMask, 0));
        Assert.Empty(Positions(spans.AnswerMask, 1));
        Assert.Equal([0, 1, 2], Positions(spans.ReasoningMask, 1));
        Assert.Equal([true, false], spans.AnswerFound.data<bool>().ToArray());
    }

    [Fact]
    public void Tail_and_last_token_strategies_have_the_stated_lengths()
    {
        var (ids, mask) = PieceVocabulary.Batch([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], [1], []);
        using var tail = new TailFractionSpanStrategy().Locate(ids, mask);
        Assert.Equal([12, 13, 14], Positions(tail.AnswerMask, 0)); // ⌈0.2 · 15⌉ = 3, not 4
        Assert.Equal([0], Positions(tail.AnswerMask, 1));
        Assert.Empty(Positions(tail.AnswerMask, 2));
        Assert.Equal([true, true, false], tail.AnswerFound.data<bool>().ToArray());
        using var last = new LastTokenSpanStrategy().Locate(ids, mask);
        Assert.Equal([14], Positions(last.AnswerMask, 0));
        Assert.Equal(14, Positions(last.ReasoningMask, 0).Length);
    }

    [Fact]
    public void Options_are_validated_when_built()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TailFractionSpanStrategy(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TailFractionSpanStrategy(1.5));
        Assert.Throws<ArgumentException>(() => new MarkerSpanOptions { TextMarkers = ["ok", ""] });
        Assert.Throws<ArgumentException>(() => new MarkerSpanOptions { TokenMarkers = [[]] });
        var error = Assert.Throws<ArgumentException>(() => new MarkerSpanStrategy(new MarkerSpanOptions()));
        Assert.Contains("Decoder", error.Message);
        Assert.Throws<ArgumentException>(() => new MarkerSpanStrategy(new MarkerSpanOptions { TextMarkers = [] }));
        using var ids = zeros([2, 3], ScalarType.Int64);
        using var badMask = ones([2, 4]);
        Assert.Equal("completionMask", Assert.Throws<ArgumentException>(() => new LastTokenSpanStrategy().Locate(ids, badMask)).ParamName);
    }

    /// <summary>For every strategy and random padding (also inside the row): spans are disjoint, inside the mask, cover it, and the answer follows the reasoning.</summary>
    [Property(MaxTest = 60)]
    public void Spans_never_include_padding_and_partition_the_completion(int seed, byte members, byte length, byte strategyChoice)
    {
        var m = 1 + (members % 5);
        var t = 1 + (length % 40);
        using var generator = new Generator((ulong)(uint)seed);
        using var ids = randint(0, 6, [m, t], generator: generator);
        using var mask = rand([m, t], generator: generator) < 0.7;
        var vocabulary = new[] { "a", " b", "####", " 1", "The answer", " is" };
        string Decode(IReadOnlyList<int> x) => string.Concat(x.Select(i => vocabulary[i]));
        IAnswerSpanStrategy strategy = (strategyChoice % 4) switch
        {
            0 => MarkerSpanStrategy.CreateDefault(Decode),
            1 => new TailFractionSpanStrategy(0.05 + (strategyChoice % 19) / 20.0),
            2 => new LastTokenSpanStrategy(),
            _ => new MarkerSpanStrategy(new MarkerSpanOptions { TextMarkers = [], TokenMarkers = [[2], [4, 5]], Fallback = new LastTokenSpanStrategy() }),
        };
        using var spans = strategy.Locate(ids, mask);
        for (var member = 0; member < m; member++)
        {
            var valid = Row(mask, member);
            var answer = Row(spans.AnswerMask, member);
            var reasoning = Row(spans.ReasoningMask, member);
            for (var i = 0; i < t; i++)
            {
                Assert.False(answer[i] && reasoning[i], $"position {i} is in both spans");
                Assert.Equal(valid[i], answer[i] || reasoning[i]);
            }

            var firstAnswer = Array.IndexOf(answer, true);
            var lastReasoning = Array.LastIndexOf(reasoning, true);
            Assert.True(firstAnswer < 0 || lastReasoning < firstAnswer, "the reasoning must precede the answer");
            if (strategyChoice % 4 != 0 && valid.Any(v => v))
                Assert.True(firstAnswer >= 0, "a non-empty completion has an answer under the fallback strategies");
        }
    }
}
