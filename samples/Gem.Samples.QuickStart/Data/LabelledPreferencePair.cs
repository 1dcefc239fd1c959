using Gem.Core.Data;
using Gem.Samples.QuickStart.Problems;

namespace Gem.Samples.QuickStart.Data;

/// <summary>A preference example together with the problem and the flaw it was made from (for analysis and tests).</summary>
/// <param name="Example">What the trainer sees.</param>
/// <param name="Problem">The problem behind the prompt.</param>
/// <param name="Flaw">The flawed chain behind <see cref="PreferenceExample.Rejected"/>.</param>
public sealed record LabelledPreferencePair(PreferenceExample Example, WordProblem Problem, FlawedChain Flaw);
