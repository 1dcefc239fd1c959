namespace Gem.Core.Tokenization;

/// <summary>
/// Meta's Llama 3 chat format. The prompt is
/// <c>&lt;|begin_of_text|&gt;[&lt;|start_header_id|&gt;system&lt;|end_header_id|&gt;\n\n{system}&lt;|eot_id|&gt;]&lt;|start_header_id|&gt;user&lt;|end_header_id|&gt;\n\n{prompt}&lt;|eot_id|&gt;&lt;|start_header_id|&gt;assistant&lt;|end_header_id|&gt;\n\n</c>
/// and a completion ends with <c>&lt;|eot_id|&gt;</c>.
/// </summary>
/// <remarks>The tokenizer must know the header and end-of-turn texts as special tokens (Llama 3's
/// <c>TiktokenTokenizer</c> with its special tokens does), otherwise they are tokenised as plain text.</remarks>
public sealed class Llama3ChatTemplate : IChatTemplate
{
    /// <summary><c>&lt;|begin_of_text|&gt;</c> (id 128000 in Llama 3).</summary>
    public const string BeginOfText = "<|begin_of_text|>";

    /// <summary><c>&lt;|eot_id|&gt;</c>, end of turn (id 128009 in Llama 3).</summary>
    public const string EndOfTurn = "<|eot_id|>";

    /// <summary><c>&lt;|end_of_text|&gt;</c> (id 128001 in Llama 3).</summary>
    public const string EndOfText = "<|end_of_text|>";

    /// <summary>Whether the prompt starts with <see cref="BeginOfText"/> (default true; false when the tokenizer adds it).</summary>
    public bool IncludeBeginOfText { get; init; } = true;

    /// <inheritdoc />
    public string CompletionSuffix => EndOfTurn;

    /// <inheritdoc />
    public IReadOnlyList<string> StopTokenTexts { get; } = [EndOfTurn, EndOfText];

    /// <inheritdoc />
    public string FormatPrompt(string prompt, string? systemMessage = null)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var begin = IncludeBeginOfText ? BeginOfText : "";
        var system = systemMessage is null ? "" : $"<|start_header_id|>system<|end_header_id|>\n\n{systemMessage}{EndOfTurn}";
        return $"{begin}{system}<|start_header_id|>user<|end_header_id|>\n\n{prompt}{EndOfTurn}<|start_header_id|>assistant<|end_header_id|>\n\n";
    }
}
