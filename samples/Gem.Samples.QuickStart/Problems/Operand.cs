namespace Gem.Samples.QuickStart.Problems;

/// <summary>An operand of a step: a number stated in the problem, or the result of an earlier step.</summary>
/// <param name="IsStepResult"><c>true</c>: <paramref name="Value"/> is the index of an earlier step; <c>false</c>: it is a literal number.</param>
/// <param name="Value">The literal number, or the zero-based index of the step whose result is used.</param>
public readonly record struct Operand(bool IsStepResult, int Value)
{
    /// <summary>A number stated in the problem text.</summary>
    public static Operand Number(int value) => new(false, value);

    /// <summary>The result of step <paramref name="stepIndex"/> (zero-based, earlier than the step using it).</summary>
    public static Operand ResultOf(int stepIndex) => new(true, stepIndex);
}
