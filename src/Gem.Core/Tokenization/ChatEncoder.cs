using Microsoft.ML.Tokenizers;

namespace Gem.Core.Tokenization;

/// <summary>
/// Formats prompts with an <see cref="IChatTemplate"/> and tokenises them with a Microsoft.ML.Tokenizers
/// <see cref="Tokenizer"/>, keeping prompt and completion apart.
/// </summary>
/// <remarks>
/// The prompt text and the completion text are tokenised separately and concatenated, so the ids of the prompt are
/// exactly what generation sees and no token straddles the boundary (joint tokenisation could merge the prompt's last
/// characters with the completion's first ones). The completion is encoded without the special tokens a tokenizer adds
/// around every text (BOS, or BOS … EOS): a <see cref="SentencePieceTokenizer"/> is asked not to add them; for any other
/// tokenizer they are what it returns for the empty text, and are removed from the completion's ends. A SentencePiece
/// tokenizer still adds its dummy-prefix space to the completion, as it does for any separately encoded text.
/// </remarks>
public sealed class ChatEncoder
{
    /// <summary>Creates an encoder.</summary>
    public ChatEncoder(Tokenizer tokenizer, IChatTemplate template)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(template);
        Tokenizer = tokenizer;
        Template = template;
        _addedAroundText = tokenizer is SentencePieceTokenizer ? [] : tokenizer.EncodeToIds(string.Empty);
    }

    // What the tokenizer adds around any text (e.g. [BOS], or [BOS, EOS]): its encoding of the empty text.
    private readonly IReadOnlyList<int> _addedAroundText;

    /// <summary>The tokenizer.</summary>
    public Tokenizer Tokenizer { get; }

    /// <summary>The chat template.</summary>
    public IChatTemplate Template { get; }

    /// <summary>The ids of the formatted prompt (what generation starts from).</summary>
    public IReadOnlyList<int> EncodePrompt(string prompt, string? systemMessage = null)
    {
        var ids = Tokenizer.EncodeToIds(Template.FormatPrompt(prompt, systemMessage));
        if (ids.Count == 0)
            throw new ArgumentException("The formatted prompt encodes to no tokens.", nameof(prompt));
        return ids;
    }

    /// <summary>The ids of a completion followed by the template's <see cref="IChatTemplate.CompletionSuffix"/>, without BOS.</summary>
    public IReadOnlyList<int> EncodeCompletion(string completion)
    {
        ArgumentNullException.ThrowIfNull(completion);
        var text = completion + Template.CompletionSuffix;
        return WithoutAddedTokens(Tokenizer is SentencePieceTokenizer sentencePiece
            ? sentencePiece.EncodeToIds(text, addBeginningOfSentence: false, addEndOfSentence: false)
            : Tokenizer.EncodeToIds(text));
    }

    private IReadOnlyList<int> WithoutAddedTokens(IReadOnlyList<int> ids)
    {
        if (_addedAroundText.Count == 0 || ids.Count == 0)
            return ids;
        var (start, end) = (0, ids.Count);
        if (ids[0] == _addedAroundText[0])
            start = 1;
        if (_addedAroundText.Count > 1 && end > start && ids[end - 1] == _addedAroundText[^1])
            end--;
        return start == 0 && end == ids.Count ? ids : ids.Skip(start).Take(end - start).ToArray();
    }

    /// <summary>Prompt and completion as one sequence with an exact boundary.</summary>
    public EncodedSequence Encode(string prompt, string completion, string? systemMessage = null) =>
        new(EncodePrompt(prompt, systemMessage), EncodeCompletion(completion));

    /// <summary>The ids of the template's stop tokens; each text must encode to exactly one id.</summary>
    /// <exception cref="InvalidOperationException">A stop text is not a single token of this tokenizer.</exception>
    public IReadOnlyList<int> StopTokenIds()
    {
        var ids = new List<int>();
        foreach (var text in Template.StopTokenTexts)
        {
            var encoded = WithoutAddedTokens(Tokenizer is SentencePieceTokenizer sentencePiece
                ? sentencePiece.EncodeToIds(text, addBeginningOfSentence: false, addEndOfSentence: false)
                : Tokenizer.EncodeToIds(text));
            if (encoded.Count != 1)
                throw new InvalidOperationException($"The stop text '{text}' encodes to {encoded.Count} tokens with this tokenizer; expected a single special token.");
            ids.Add(encoded[0]);
        }

        return ids;
    }
}
