using Gem.Samples.QuickStart.Problems;

namespace Gem.Samples.QuickStart.Data;

/// <summary>How a problem is put to the model and how a chain is written after it.</summary>
public static class PromptFormat
{
    /// <summary>The prompt: <c>"Question: {text}\nAnswer:"</c>.</summary>
    public static string Prompt(WordProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return "Question: " + problem.Text + "\nAnswer:";
    }

    /// <summary>The completion that follows the prompt: a space, then the chain's text.</summary>
    public static string Completion(ChainOfThought chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        return " " + chain.Text;
    }
}
