namespace Gem.Samples.QuickStart.Problems;

/// <summary>Writes a problem's correct chain of thought.</summary>
public static class ChainWriter
{
    /// <summary>
    /// The correct chain: one equation per step with its true intermediate result, then
    /// <c>The answer is {problem.Answer}</c>.
    /// </summary>
    public static ChainOfThought Correct(WordProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var values = ProblemEvaluator.TryEvaluate(problem.Steps)
            ?? throw new ArgumentException($"Problem '{problem.Text}' does not evaluate to natural numbers.", nameof(problem));
        var equations = new ChainEquation[problem.Steps.Count];
        for (var i = 0; i < equations.Length; i++)
        {
            var step = problem.Steps[i];
            equations[i] = new ChainEquation(step.Lead, Value(step.Left, values), step.Operation, Value(step.Right, values), values[i], step.Unit);
        }

        return new ChainOfThought(equations, values[^1]);
    }

    private static int Value(Operand operand, int[] values) => operand.IsStepResult ? values[operand.Value] : operand.Value;
}
