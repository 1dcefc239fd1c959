using FsCheck;
using FsCheck.Fluent;
using Gem.Samples.Llama.Tokenization;
using Gem.Samples.Tests.Llama;

namespace Gem.Samples.Tests.Tokenization;

public sealed class Llama2CTokenizerTests
{
    private static readonly Llama2CTokenizer Tokenizer = Stories260K.LoadTokenizer();

    [Fact]
    public void Tok512_has_the_special_and_byte_pieces_the_data_README_states()
    {
        Assert.Equal(512, Tokenizer.VocabularySize);
        Assert.Equal("<unk>", Tokenizer.PieceOf(0));
        Assert.Equal("\n<s>\n", Tokenizer.PieceOf(1));
        Assert.Equal("\n</s>\n", Tokenizer.PieceOf(2));
        Assert.Equal("<0x00>", Tokenizer.PieceOf(3));
        Assert.Equal("<0xFF>", Tokenizer.PieceOf(258));
    }

    [Fact]
    public void Encoding_the_greedy_sample_gives_the_tokens_the_model_generated_and_decodes_back()
    {
        var sample = Stories260K.GreedySample;
        var ids = Tokenizer.EncodeToIds(sample);
        Assert.Equal(Llama2CTokenizer.BeginningOfSentenceId, ids[0]);
        Assert.Equal(sample, Tokenizer.Decode(ids));

        using var model = Stories260K.LoadModel();
        var generated = GreedyGroundTruthTests.GreedyFromBos(model, 256);
        Assert.Equal(generated, ids.Skip(1));
    }

    [Fact]
    public void A_chat_encoder_keeps_BOS_in_the_prompt_and_out_of_the_completion()
    {
        // The llama2.c tokenizer adds BOS to every text; BOS is also a stop token of the stories model, so a human
        // completion that started with it would end before its first word.
        var encoder = new Gem.Core.Tokenization.ChatEncoder(Tokenizer, new Gem.Core.Tokenization.PlainChatTemplate());
        var sequence = encoder.Encode("Once upon a time", " there was a cat.");
        Assert.Equal(Tokenizer.EncodeToIds("Once upon a time"), sequence.PromptIds);
        Assert.Equal(Tokenizer.Encode(" there was a cat.", addBeginningOfSentence: false, addEndOfSentence: false), sequence.CompletionIds);
        Assert.DoesNotContain(Llama2CTokenizer.BeginningOfSentenceId, sequence.CompletionIds);

        var withEos = new Llama2CTokenizer(Enumerable.Range(0, Tokenizer.VocabularySize).Select(i => (Tokenizer.PieceOf(i), 0f)).ToList(),
            addBeginningOfSentence: true, addEndOfSentence: true);
        var both = new Gem.Core.Tokenization.ChatEncoder(withEos, new Gem.Core.Tokenization.PlainChatTemplate());
        Assert.Equal(withEos.Encode(" a cat", addBeginningOfSentence: false, addEndOfSentence: false), both.EncodeCompletion(" a cat"));
    }

    [Fact]
    public void Encoding_follows_run_c_dummy_prefix_byte_fallback_and_BOS()
    {
        Assert.Equal([1], Tokenizer.EncodeToIds(""));
        var ids = Tokenizer.Encode("Once", addBeginningOfSentence: false, addEndOfSentence: true);
        Assert.StartsWith(" ", Tokenizer.PieceOf(ids[0]));
        Assert.Equal(Llama2CTokenizer.EndOfSentenceId, ids[^1]);
        // A newline is not a piece: it falls back to its byte, id 0x0A + 3.
        Assert.Contains(13, Tokenizer.EncodeToIds("a\nb"));
        // '猫' is not a piece: its three UTF-8 bytes E7 8C AB become byte pieces.
        var cat = Tokenizer.Encode("猫", false, false);
        Assert.Equal([0xE7 + 3, 0x8C + 3, 0xAB + 3], cat.Skip(cat.Count - 3));
    }

    [Fact]
    public void Decoding_strips_the_space_after_BOS_only_and_reads_byte_pieces()
    {
        var the = Tokenizer.Encode("the", false, false).Single();
        Assert.Equal(" the", Tokenizer.PieceOf(the));
        Assert.Equal("the", Tokenizer.Decode([1, the]));
        Assert.Equal(" the the", Tokenizer.Decode([the, the]));
        Assert.Equal("the", Tokenizer.DecodePiece(1, the));
        Assert.Equal("\n", Tokenizer.Decode([13]));
        Assert.Equal("é", Tokenizer.Decode([0xC3 + 3, 0xA9 + 3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tokenizer.Decode([512]));
    }

    [Fact]
    public void Token_offsets_cover_the_text_in_order()
    {
        const string text = "Lily's mom said, \"Héllo!\"\n";
        var tokens = Tokenizer.EncodeToTokens(text, out _);
        var covered = string.Concat(tokens.Select(t => text[t.Offset]));
        Assert.Equal(text, covered);
    }

    [Fact]
    public void Any_text_round_trips_through_encode_and_decode()
    {
        var texts = Gen.Elements("a", "b", " ", "\n", "Lily", " the", "é", "猫", "😀", "\t", ",", "\"", "Once upon")
            .ListOf().Select(parts => string.Concat(parts)).ToArbitrary();
        Prop.ForAll(texts, text => Tokenizer.Decode(Tokenizer.EncodeToIds(text)) == text)
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void The_Tokenizer_base_class_counts_and_truncates_through_the_same_encoder()
    {
        Microsoft.ML.Tokenizers.Tokenizer asBase = Tokenizer;
        Assert.Equal(Tokenizer.EncodeToIds("Once upon a time").Count, asBase.CountTokens("Once upon a time"));
        var truncated = asBase.EncodeToIds("Once upon a time", 3, out _, out var consumed);
        Assert.Equal(3, truncated.Count);
        Assert.InRange(consumed, 1, "Once upon a time".Length - 1);
    }
}
