namespace Gem.Samples.QuickStart.Data;

/// <summary>
/// One human preference: a prompt, the preferred and the dispreferred completion, and the gold answer.
/// </summary>
/// <remarks>
/// TEMPORARY: a stand-in with the fields of Gem.Core's <c>PreferenceExample</c>, which is being written in parallel.
/// When it lands, delete this record and use Gem.Core's (the builders here fill the same four fields).
/// </remarks>
/// <param name="Prompt">The prompt text, e.g. <c>"Question: ...\nAnswer:"</c>.</param>
/// <param name="Chosen">The preferred completion (a correct chain), written right after the prompt.</param>
/// <param name="Rejected">The dispreferred completion (a flawed chain).</param>
/// <param name="GoldAnswer">The normalised gold answer, e.g. <c>"7"</c>.</param>
public sealed record PreferenceExample(string Prompt, string Chosen, string Rejected, string GoldAnswer);
