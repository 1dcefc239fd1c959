namespace Gem.Core.Tokenization;

/// <summary>Turns a prompt into the text a model sees before its answer, and says how an answer ends.</summary>
public interface IChatTemplate
{
    /// <summary>The text before the completion: the formatted turn(s), ending where the model's answer begins.</summary>
    /// <param name="prompt">The user's message (or, for a plain template, the whole prompt text).</param>
    /// <param name="systemMessage">An optional system message.</param>
    string FormatPrompt(string prompt, string? systemMessage = null);

    /// <summary>Text appended to a completion the model is trained on (an end-of-turn token), possibly empty.</summary>
    string CompletionSuffix { get; }

    /// <summary>Texts of the special tokens that end a turn: generation stops on them.</summary>
    IReadOnlyList<string> StopTokenTexts { get; }
}
