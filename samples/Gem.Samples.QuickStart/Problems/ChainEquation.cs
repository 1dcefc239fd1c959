using System.Globalization;

namespace Gem.Samples.QuickStart.Problems;

/// <summary>One written sentence of a chain of thought: <c>"{Lead} {Left} {op} {Right} = {Result} {Unit}."</c>.</summary>
/// <param name="Lead">The words before the equation.</param>
/// <param name="Left">The left number as written.</param>
/// <param name="Operation">The operation as written.</param>
/// <param name="Right">The right number as written.</param>
/// <param name="Result">The result as written (wrong in an arithmetic slip).</param>
/// <param name="Unit">The words after the result; empty for none.</param>
public sealed record ChainEquation(string Lead, int Left, Operation Operation, int Right, int Result, string Unit)
{
    /// <summary>Whether <see cref="Result"/> is what <see cref="Operation"/> gives on the written operands.</summary>
    public bool IsArithmeticallyCorrect => Operation.TryApply(Left, Right) == Result;

    /// <summary>The sentence, e.g. <c>"Tom has 3 * 4 = 12 apples."</c>.</summary>
    public string Render()
    {
        var equation = string.Create(CultureInfo.InvariantCulture, $"{Left} {Operation.Symbol()} {Right} = {Result}");
        var text = Lead.Length == 0 ? equation : Lead + " " + equation;
        return (Unit.Length == 0 ? text : text + " " + Unit) + ".";
    }
}
