namespace Gem.Samples.QuickStart.Problems;

/// <summary>An arithmetic operation of one reasoning step.</summary>
public enum Operation
{
    /// <summary><c>a + b</c>.</summary>
    Add,

    /// <summary><c>a - b</c>.</summary>
    Subtract,

    /// <summary><c>a * b</c>.</summary>
    Multiply,

    /// <summary><c>a / b</c>, used only where the quotient is exact.</summary>
    Divide,
}

/// <summary>Evaluation and rendering of <see cref="Operation"/>.</summary>
public static class OperationExtensions
{
    /// <summary>The symbol written in a chain of thought: <c>+ - * /</c>.</summary>
    public static char Symbol(this Operation operation) => operation switch
    {
        Operation.Add => '+',
        Operation.Subtract => '-',
        Operation.Multiply => '*',
        Operation.Divide => '/',
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "Expected Add, Subtract, Multiply or Divide."),
    };

    /// <summary>The operation written as <paramref name="symbol"/>.</summary>
    public static Operation FromSymbol(char symbol) => symbol switch
    {
        '+' => Operation.Add,
        '-' => Operation.Subtract,
        '*' => Operation.Multiply,
        '/' => Operation.Divide,
        _ => throw new ArgumentOutOfRangeException(nameof(symbol), symbol, "Expected one of '+', '-', '*', '/'."),
    };

    /// <summary>
    /// Applies the operation; <c>null</c> when the result is not a natural number (negative difference,
    /// inexact or by-zero division), which the task never writes down.
    /// </summary>
    public static int? TryApply(this Operation operation, int left, int right) => operation switch
    {
        Operation.Add => left + right,
        Operation.Subtract => left >= right ? left - right : null,
        Operation.Multiply => left * right,
        Operation.Divide => right != 0 && left % right == 0 ? left / right : null,
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "Expected Add, Subtract, Multiply or Divide."),
    };
}
