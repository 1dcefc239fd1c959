using Microsoft.ML.Tokenizers;

namespace Gem.Core.Tokenization;

/// <summary>
/// Formats prompts with an <see cref="IChatTemplate"/> and tokenises them with a Microsoft.ML.Tokenizers
/// <see cref="Tokenizer"/>, keeping prompt and completion apart.
/// </summary>
/// <remarks>
/// The prompt text and the completion text are tokenised separately and concatenated, so the ids of the prompt are
/// exactly what generation sees and no token straddles the boundary (joint tokenisation could merge the prompt's last
/// characters with the completion's first ones). The completion is encoded without a beginning-of-sentence token; a
/// SentencePiece tokenizer still adds its dummy-prefix space to it, as it does for any separately encoded text.
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
    }

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
        return Tokenizer is SentencePieceTokenizer sentencePiece
            ? sentencePiece.EncodeToIds(text, addBeginningOfSentence: false, addEndOfSentence: false)
            : Tokenizer.EncodeToIds(text);
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
            var encoded = Tokenizer is SentencePieceTokenizer sentencePiece
                ? sentencePiece.EncodeToIds(text, addBeginningOfSentence: false, addEndOfSentence: false)
                : Tokenizer.EncodeToIds(text);
            if (encoded.Count != 1)
                throw new InvalidOperationException($"The stop text '{text}' encodes to {encoded.Count} tokens with this tokenizer; expected a single special token.");
            ids.Add(encoded[0]);
        }

        return ids;
    }
}
