namespace Gem.Samples.QuickStart.Problems;

/// <summary>A generated arithmetic word problem with its structured solution.</summary>
/// <param name="TemplateName">The template that produced it (e.g. <c>boxes-give-away</c>).</param>
/// <param name="Text">The problem statement, e.g. "Tom has 3 boxes of 4 apples. He gives away 5 apples. How many apples are left?".</param>
/// <param name="Quantities">The numbers stated in <paramref name="Text"/>, in order of appearance.</param>
/// <param name="Steps">The solution steps; each operand is a stated number or an earlier step's result.</param>
/// <param name="Answer">The result of the last step: the gold answer.</param>
public sealed record WordProblem(
    string TemplateName,
    string Text,
    IReadOnlyList<int> Quantities,
    IReadOnlyList<ProblemStep> Steps,
    int Answer);
