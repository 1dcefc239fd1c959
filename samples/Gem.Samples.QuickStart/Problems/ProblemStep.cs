namespace Gem.Samples.QuickStart.Problems;

/// <summary>
/// One step of a problem's solution: <c>Left Operation Right</c>, written in a chain of thought as
/// <c>"{Lead} {left} {op} {right} = {result} {Unit}."</c>.
/// </summary>
/// <param name="Operation">The arithmetic operation.</param>
/// <param name="Left">The left operand.</param>
/// <param name="Right">The right operand.</param>
/// <param name="Lead">The words before the equation, e.g. <c>"Tom has"</c>.</param>
/// <param name="Unit">The words after the result, e.g. <c>"apples"</c>; empty for none.</param>
public sealed record ProblemStep(Operation Operation, Operand Left, Operand Right, string Lead, string Unit);
