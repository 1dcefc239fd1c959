using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gem.Samples.QuickStart.Data;
using Gem.Samples.QuickStart.Problems;
using Gem.Samples.QuickStart.Tokenization;
using Microsoft.ML.Tokenizers;

namespace Gem.Samples.QuickStart.Tests.Tokenization;

public class TaskTokenizerTests
{
    private static readonly TaskTokenizer Tok = TaskTokenizer.Default;

    private static IEnumerable<string> TextsFrom(int seed, TaskDifficulty difficulty)
    {
        var random = new Random(seed);
        foreach (var p in new WordProblemGenerator(seed, difficulty).NextDistinct(20))
        {
            var prompt = PromptFormat.Prompt(p);
            yield return prompt + PromptFormat.Completion(ChainWriter.Correct(p));
            foreach (var kind in FlawedChainGenerator.AllKinds)
            {
                if (FlawedChainGenerator.TryGenerate(p, kind, random) is { } f)
                {
                    yield return prompt + PromptFormat.Completion(f.Chain);
                }
            }
        }
    }

    [Fact]
    public void The_vocabulary_is_small_deterministic_and_starts_with_the_special_tokens()
    {
        Assert.InRange(Tok.VocabularySize, 50, 199);
        Assert.Equal(TaskVocabulary.Build(), TaskVocabulary.Build());
        Assert.Equal((0, 1, 2), (Tok.PadId, Tok.BosId, Tok.EosId));
        Assert.Equal(["<pad>", "<s>", "</s>"], Tok.Tokens.Take(3));
        Assert.IsAssignableFrom<Tokenizer>(Tok);
    }

    [Property(MaxTest = 40)]
    public void Every_generated_text_round_trips_exactly_without_letter_fallback(int seed)
    {
        foreach (var difficulty in new[] { TaskDifficulty.Medium, TaskDifficulty.Hard })
        {
            foreach (var text in TextsFrom(seed, difficulty))
            {
                var tokens = Tok.EncodeToTokens(text, out var normalized);
                Assert.Null(normalized);
                Assert.Equal(text, Tok.Decode(tokens.Select(t => t.Id)));
                // Words are whole tokens (no spelling out letter by letter) and digits are single tokens.
                Assert.DoesNotContain(tokens, t => t.Value.Trim().Length == 1 && char.IsAsciiLetter(t.Value.Trim()[0]));
                Assert.All(tokens.Where(t => t.Value.Any(char.IsAsciiDigit)), t => Assert.Equal(1, t.Value.Trim().Length));
                Assert.All(tokens, t => Assert.Equal(t.Value, text[t.Offset]));
            }
        }
    }

    [Property(MaxTest = 30)]
    public void Prompt_and_completion_encode_as_their_concatenation(int seed)
    {
        var data = QuickStartDataset.Create(new QuickStartDataOptions { Seed = seed, DemonstrationCount = 20, PreferencePairCount = 10, HeldOutCount = 5 });
        foreach (var (prompt, completion) in data.TrainingPairs.SelectMany(p => new[] { (p.Example.Prompt, p.Example.Chosen!), (p.Example.Prompt, p.Example.Rejected!) })
            .Concat(data.Demonstrations.Select(d => (d.Prompt, d.Completion))))
        {
            var pair = Tok.EncodePromptAndCompletion(prompt, completion);
            Assert.Equal(Tok.EncodeWithSpecialTokens(prompt + completion, true, true), pair.Ids);
            Assert.Equal(Tok.BosId, pair.Ids[0]);
            Assert.Equal(Tok.EosId, pair.Ids[^1]);
            Assert.Equal(completion, Tok.Decode(pair.Ids.Skip(pair.PromptLength)));
            Assert.Equal(prompt, Tok.Decode(pair.Ids.Take(pair.PromptLength)));
        }
    }

    [Property(MaxTest = 200)]
    public Property Any_text_over_the_vocabulary_characters_round_trips()
    {
        var alphabet = Tok.Tokens.Skip(TaskTokenizer.SpecialTokenCount).Where(t => t.Length == 1).Select(t => t[0]).ToArray();
        var texts = Gen.Elements(alphabet).ArrayOf().Select(chars => new string(chars));
        return Prop.ForAll(texts.ToArbitrary(), text =>
        {
            var ids = Tok.EncodeToIds(text);
            return Tok.Decode(ids) == text && Tok.CountTokens(text) == ids.Count && ids.All(id => id >= TaskTokenizer.SpecialTokenCount);
        });
    }

    [Fact]
    public void A_known_sentence_encodes_to_known_pieces()
    {
        var tokens = Tok.EncodeToTokens(" The answer is 42.", out _).Select(t => t.Value);
        Assert.Equal([" The", " answer", " is", " 4", "2", "."], tokens);
        var spaced = Tok.EncodeToTokens("  Tom\nAnswer: 105", out _).Select(t => t.Value);
        Assert.Equal([" ", " Tom", "\n", "Answer", ":", " 1", "0", "5"], spaced);

        // A word outside the vocabulary is spelled out from single characters.
        var unknown = Tok.EncodeToTokens(" Tab", out _).Select(t => t.Value);
        Assert.Equal([" ", "T", "a", "b"], unknown);
    }

    [Fact]
    public void A_character_outside_the_vocabulary_is_an_error_naming_it()
    {
        var error = Assert.Throws<ArgumentException>(() => Tok.EncodeToIds("Tom has 3 €"));
        Assert.Contains("'€'", error.Message, StringComparison.Ordinal);
        Assert.Contains("index 10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Special_tokens_are_added_on_request_and_decode_to_nothing()
    {
        const string text = "Question: Tom has 3 pens.\nAnswer:";
        var ids = Tok.EncodeWithSpecialTokens(text, addBeginningOfSequence: true, addEndOfSequence: true);
        Assert.Equal(Tok.BosId, ids[0]);
        Assert.Equal(Tok.EosId, ids[^1]);
        Assert.Equal(text, Tok.Decode(ids.Append(Tok.PadId)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tok.Decode([Tok.VocabularySize]));
        Assert.DoesNotContain(Tok.EncodeToIds("<s> </s> <pad>".Replace("<", "(", StringComparison.Ordinal).Replace(">", ")", StringComparison.Ordinal)), id => id < TaskTokenizer.SpecialTokenCount);
    }

    [Fact]
    public void Span_decoding_matches_string_decoding_and_reports_a_small_destination()
    {
        var ids = Tok.EncodeToIds(" The answer is 42.");
        var buffer = new char[64];
        Assert.Equal(OperationStatus.Done, Tok.Decode(ids, buffer, out var consumed, out var written));
        Assert.Equal((ids.Count, " The answer is 42."), (consumed, new string(buffer, 0, written)));

        Assert.Equal(OperationStatus.DestinationTooSmall, Tok.Decode(ids, new char[5], out consumed, out written));
        Assert.Equal((1, 4), (consumed, written));
        Assert.Equal(OperationStatus.InvalidData, Tok.Decode([-1], buffer, out _, out _));
    }

    [Fact]
    public void Token_count_limits_cut_at_token_boundaries()
    {
        const string text = "Tom has 3 * 4 = 12 apples.";
        var tokens = Tok.EncodeToTokens(text, out _);
        var index = Tok.GetIndexByTokenCount(text, 4, out _, out var count);
        Assert.Equal((4, tokens[3].Offset.End.Value), (count, index));
        var fromEnd = Tok.GetIndexByTokenCountFromEnd(text, 3, out _, out count);
        Assert.Equal((3, tokens[^3].Offset.Start.Value), (count, fromEnd));
        Assert.Equal(tokens.Take(5).Select(t => t.Id), Tok.EncodeToIds(text, 5, out _, out var consumed));
        Assert.Equal(tokens[4].Offset.End.Value, consumed);
        Assert.Equal(0, Tok.GetIndexByTokenCount(text, 0, out _, out _));
    }

    [Fact]
    public void A_vocabulary_without_the_special_tokens_first_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new TaskTokenizer(["a", "b", "c", "d"]));
        Assert.Throws<ArgumentException>(() => new TaskTokenizer(["<pad>", "<s>", "</s>", "a", "a"]));
    }
}
