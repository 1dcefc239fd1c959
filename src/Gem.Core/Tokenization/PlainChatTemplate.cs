namespace Gem.Core.Tokenization;

/// <summary>
/// No chat markup: the prompt is <c>[{system}\n\n]{prompt}{PromptSuffix}</c> and a completion ends with
/// <see cref="CompletionSuffix"/> (for example the tokenizer's end-of-sequence text). Suits base models and data whose
/// prompts carry their own format (HH-RLHF's <c>\n\nHuman: … \n\nAssistant:</c>).
/// </summary>
public sealed class PlainChatTemplate : IChatTemplate
{
    /// <summary>Text appended to every prompt (default empty), e.g. <c>"\nAnswer:"</c>.</summary>
    public string PromptSuffix { get; init; } = "";

    /// <inheritdoc />
    public string CompletionSuffix { get; init; } = "";

    /// <summary>Texts of special tokens that end generation (default none: give the end-of-sequence id to the generator).</summary>
    public IReadOnlyList<string> StopTokenTexts { get; init; } = [];

    /// <inheritdoc />
    public string FormatPrompt(string prompt, string? systemMessage = null)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        return systemMessage is null ? prompt + PromptSuffix : $"{systemMessage}\n\n{prompt}{PromptSuffix}";
    }
}
