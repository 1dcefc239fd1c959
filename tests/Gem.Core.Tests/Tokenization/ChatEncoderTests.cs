using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gem.Core.Tokenization;

namespace Gem.Core.Tests.Tokenization;

public sealed class ChatEncoderTests
{
    [Fact]
    public void The_prompt_completion_boundary_is_exact_where_a_joint_encoding_would_merge_across_it()
    {
        var tokenizer = TestTokenizers.O200k;
        var encoder = new ChatEncoder(tokenizer, new PlainChatTemplate());
        const string prompt = "The capital of France is Par";
        const string completion = "is, of course.";
        var encoded = encoder.Encode(prompt, completion);
        var joint = tokenizer.EncodeToIds(prompt + completion);
        // The case is meaningful: jointly, a token spans "Par|is", so no split of the joint ids gives the prompt.
        Assert.False(joint.Take(encoded.PromptLength).SequenceEqual(tokenizer.EncodeToIds(prompt)));
        Assert.Equal(tokenizer.EncodeToIds(prompt), encoded.PromptIds);
        Assert.Equal(tokenizer.EncodeToIds(completion), encoded.CompletionIds);
        Assert.Equal(encoded.PromptIds.Concat(encoded.CompletionIds), encoded.Ids);
        Assert.Equal(prompt, tokenizer.Decode(encoded.Ids.Take(encoded.PromptLength)));
        Assert.Equal(completion, tokenizer.Decode(encoded.Ids.Skip(encoded.PromptLength)));
    }

    [Property(MaxTest = 100)]
    public Property Prompt_and_completion_decode_back_exactly_on_either_side_of_the_boundary()
    {
        var text = Gen.Elements("a", "b", " ", "ab", "the", " the", "ing", "\n", "Par", "is", "1", "23", ".", "é", "日本").ArrayOf().Select(parts => string.Concat(parts));
        var gen = from p in text.Where(s => s.Length > 0) from c in text select (p, c);
        return Prop.ForAll(gen.ToArbitrary(), pc =>
        {
            var tokenizer = TestTokenizers.O200k;
            var encoded = new ChatEncoder(tokenizer, new PlainChatTemplate()).Encode(pc.p, pc.c);
            return tokenizer.Decode(encoded.Ids.Take(encoded.PromptLength)) == pc.p
                && tokenizer.Decode(encoded.Ids.Skip(encoded.PromptLength)) == pc.c
                && encoded.Ids.Count == encoded.PromptLength + encoded.CompletionLength;
        });
    }

    [Fact]
    public void Llama3_template_has_the_exact_format_and_special_tokens()
    {
        var template = new Llama3ChatTemplate();
        Assert.Equal(
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHi?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
            template.FormatPrompt("Hi?", "Be brief."));
        Assert.Equal(
            "<|start_header_id|>user<|end_header_id|>\n\nHi?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
            new Llama3ChatTemplate { IncludeBeginOfText = false }.FormatPrompt("Hi?"));

        var tokenizer = TestTokenizers.O200kWithLlama3Specials;
        var encoder = new ChatEncoder(tokenizer, template);
        var encoded = encoder.Encode("Hi?", "Hello.");
        Assert.Equal(200100, encoded.PromptIds[0]);
        Assert.Equal(200102, encoded.PromptIds[1]);
        Assert.Equal(2, encoded.PromptIds.Count(i => i == 200102));
        Assert.Equal(200104, encoded.CompletionIds[^1]);
        Assert.Equal(tokenizer.EncodeToIds("Hello."), encoded.CompletionIds.Take(encoded.CompletionLength - 1));
        Assert.Equal(new[] { 200104, 200101 }, encoder.StopTokenIds());

        // Without the special tokens the end-of-turn text is several tokens: a clear error.
        Assert.Throws<InvalidOperationException>(() => new ChatEncoder(TestTokenizers.O200k, template).StopTokenIds());
    }

    [Fact]
    public void Plain_template_formats_system_prompt_suffixes_and_stop_tokens()
    {
        var template = new PlainChatTemplate { PromptSuffix = "\nAnswer:", CompletionSuffix = "<|endoftext|>", StopTokenTexts = ["<|endoftext|>"] };
        Assert.Equal("Q\nAnswer:", template.FormatPrompt("Q"));
        Assert.Equal("S\n\nQ\nAnswer:", template.FormatPrompt("Q", "S"));
        var encoder = new ChatEncoder(TestTokenizers.O200k, template);
        Assert.Equal(new[] { 199999 }, encoder.StopTokenIds());
        Assert.Equal(199999, encoder.EncodeCompletion(" 42")[^1]);
    }

    [Fact]
    public void Sequence_batch_left_pads_prompts_and_right_pads_completions()
    {
        var sequences = new[] { new EncodedSequence([5, 6, 7], [8]), new EncodedSequence([9], [10, 11, 12]) };
        using var batch = SequenceBatch.Create(sequences, padTokenId: 0);
        Assert.Equal(3, batch.PromptWidth);
        Assert.Equal(new long[] { 5, 6, 7, 8, 0, 0, 0, 0, 9, 10, 11, 12 }, batch.InputIds.data<long>().ToArray());
        Assert.Equal(new long[] { 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1 }, batch.AttentionMask.data<long>().ToArray());
        Assert.Equal(new long[] { 1, 0, 0, 1, 1, 1 }, batch.CompletionMask.data<long>().ToArray());
        Assert.Equal(new long[] { 2, 6 }, batch.InputIds.shape);
    }
}
