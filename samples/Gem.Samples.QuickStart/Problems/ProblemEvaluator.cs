namespace Gem.Samples.QuickStart.Problems;

/// <summary>Evaluates a problem's steps in order.</summary>
public static class ProblemEvaluator
{
    /// <summary>
    /// The value of every step, or <c>null</c> when a step is not a natural-number operation (negative
    /// difference, inexact division) or refers to a step that is not earlier.
    /// </summary>
    public static int[]? TryEvaluate(IReadOnlyList<ProblemStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var values = new int[steps.Count];
        for (var i = 0; i < steps.Count; i++)
        {
            var left = Resolve(steps[i].Left, values, i);
            var right = Resolve(steps[i].Right, values, i);
            if (left is null || right is null || steps[i].Operation.TryApply(left.Value, right.Value) is not { } value)
            {
                return null;
            }

            values[i] = value;
        }

        return values;
    }

    private static int? Resolve(Operand operand, int[] values, int stepIndex) =>
        !operand.IsStepResult ? operand.Value
        : operand.Value >= 0 && operand.Value < stepIndex ? values[operand.Value]
        : null;
}
