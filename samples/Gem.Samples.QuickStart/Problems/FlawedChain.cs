namespace Gem.Samples.QuickStart.Problems;

/// <summary>A chain of thought with one deliberate, labelled mistake.</summary>
/// <param name="Chain">The written chain; its <see cref="ChainOfThought.FinalAnswer"/> differs from the gold answer.</param>
/// <param name="Kind">The mistake made.</param>
/// <param name="StepIndex">The zero-based index (in the problem's steps) of the step the mistake is in; <c>null</c> for <see cref="FlawKind.OffByOneFinal"/>.</param>
public sealed record FlawedChain(ChainOfThought Chain, FlawKind Kind, int? StepIndex);
