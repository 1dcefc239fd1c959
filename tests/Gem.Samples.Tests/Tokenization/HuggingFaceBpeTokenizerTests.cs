using Gem.Samples.Llama.Tokenization;

namespace Gem.Samples.Tests.Tokenization;

public sealed class HuggingFaceBpeTokenizerTests
{
    // A byte-level BPE in tokenizer.json form with Llama 3's split pattern; 'Ġ' is the byte-level image of a space.
    private const string Json = """
        {
          "added_tokens": [{"id": 17, "content": "<|begin_of_text|>", "special": true}],
          "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"}, "behavior": "Isolated", "invert": false},
            {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": false}]},
          "model": {"type": "BPE",
            "vocab": {"h": 0, "e": 1, "l": 2, "o": 3, "w": 4, "r": 5, "d": 6, "Ġ": 7, "he": 8, "ll": 9, "hell": 10,
                      "hello": 11, "Ġw": 12, "or": 13, "Ġwor": 14, "Ġworl": 15, "Ġworld": 16},
            "merges": ["h e", "l l", "he ll", "hell o", "Ġ w", ["o", "r"], "Ġw or", "Ġwor l", "Ġworl d"]}
        }
        """;

    [Fact]
    public void Vocabulary_and_merges_of_a_tokenizer_json_encode_and_decode_byte_level_text()
    {
        var tokenizer = HuggingFaceBpeTokenizer.Parse(Json);
        Assert.Equal([11, 16], tokenizer.EncodeToIds("hello world"));
        Assert.Equal([10, 12], tokenizer.EncodeToIds("hell w"));
        Assert.Equal([8, 7], tokenizer.EncodeToIds("he "));
        Assert.Equal("hello world", tokenizer.Decode([11, 16]));
    }

    [Fact]
    public void Added_tokens_are_recognised_as_special_tokens()
    {
        var tokenizer = HuggingFaceBpeTokenizer.Parse(Json);
        Assert.Equal([17, 11], tokenizer.EncodeToIds("<|begin_of_text|>hello"));
    }

    [Fact]
    public void A_model_that_is_not_BPE_is_refused()
    {
        var error = Assert.Throws<NotSupportedException>(() => HuggingFaceBpeTokenizer.Parse("""{"model": {"type": "Unigram", "vocab": []}}"""));
        Assert.Contains("Unigram", error.Message);
    }
}
