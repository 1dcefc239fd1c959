namespace Gem.Samples.QuickStart.Problems;

/// <summary>The realistic mistakes a flawed chain of thought makes; each one changes the final answer.</summary>
public enum FlawKind
{
    /// <summary>One equation's result is wrong (e.g. <c>7 * 8 = 54</c>) and later steps carry the wrong value on.</summary>
    ArithmeticSlip,

    /// <summary>One step uses the wrong operation (e.g. adds where it should subtract), computed correctly and carried on.</summary>
    WrongOperation,

    /// <summary>One step copies a number from the problem wrongly (a value stated nowhere in the problem), computed correctly and carried on.</summary>
    CopiedWrongNumber,

    /// <summary>Every equation is right but the final answer is one off the last result.</summary>
    OffByOneFinal,

    /// <summary>One step is left out; where its result was needed, the step's left operand is used instead.</summary>
    SkippedStep,
}
