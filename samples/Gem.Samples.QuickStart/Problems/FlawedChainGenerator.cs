namespace Gem.Samples.QuickStart.Problems;

/// <summary>
/// Writes flawed chains of thought with realistic mistakes (see <see cref="FlawKind"/>). Every flawed chain's
/// final answer differs from the gold answer, every step but the flawed one is computed correctly from the
/// values written before it, and the mistake is detectable from the text against the correct chain.
/// </summary>
public static class FlawedChainGenerator
{
    private const int AttemptsPerKind = 24;

    /// <summary>All kinds, in a fixed order.</summary>
    public static IReadOnlyList<FlawKind> AllKinds { get; } = Enum.GetValues<FlawKind>();

    /// <summary>
    /// A flawed chain of a kind drawn uniformly from <paramref name="kinds"/> (all kinds when <c>null</c>); when that
    /// kind cannot be made for this problem, another is tried; <see cref="FlawKind.OffByOneFinal"/> always can.
    /// </summary>
    public static FlawedChain Generate(WordProblem problem, Random random, IReadOnlyList<FlawKind>? kinds = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(random);
        kinds ??= AllKinds;
        if (kinds.Count == 0)
        {
            throw new ArgumentException("Expected at least one flaw kind; the list was empty.", nameof(kinds));
        }

        var order = kinds.Distinct().ToArray();
        random.Shuffle(order);
        foreach (var kind in order)
        {
            if (TryGenerate(problem, kind, random) is { } flawed)
            {
                return flawed;
            }
        }

        return TryGenerate(problem, FlawKind.OffByOneFinal, random)!;
    }

    /// <summary>A flawed chain of exactly <paramref name="kind"/>, or <c>null</c> when this problem admits none.</summary>
    public static FlawedChain? TryGenerate(WordProblem problem, FlawKind kind, Random random)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(random);
        var steps = problem.Steps;
        for (var attempt = 0; attempt < AttemptsPerKind; attempt++)
        {
            var made = kind switch
            {
                FlawKind.ArithmeticSlip => Slip(problem, random.Next(steps.Count), random),
                FlawKind.WrongOperation => WrongOperation(problem, random.Next(steps.Count), random),
                FlawKind.CopiedWrongNumber => CopiedWrongNumber(problem, random.Next(steps.Count), random),
                FlawKind.OffByOneFinal => (OffByOne(problem, random), null),
                FlawKind.SkippedStep => Skip(problem, random.Next(steps.Count)),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown flaw kind."),
            };
            if (made is { } m && m.Chain.FinalAnswer != problem.Answer)
            {
                return new FlawedChain(m.Chain, kind, m.Step);
            }
        }

        return null;
    }

    private static (ChainOfThought Chain, int? Step)? Slip(WordProblem problem, int step, Random random)
    {
        var deltas = new List<int> { -3, -2, -1, 1, 2, 3 };
        if (problem.Steps[step].Operation == Operation.Multiply)
        {
            // A times-table slip: one row too many or too few (7 * 8 = 49 or 63).
            var left = ChainWriter.Correct(problem).Equations[step].Left;
            deltas.Add(left);
            deltas.Add(-left);
        }

        var chain = Write(problem, new Perturbation(step, ResultDelta: deltas[random.Next(deltas.Count)]));
        return chain is null ? null : (chain, step);
    }

    private static (ChainOfThought Chain, int? Step)? WrongOperation(WordProblem problem, int step, Random random)
    {
        Operation[] alternatives = problem.Steps[step].Operation switch
        {
            Operation.Add => [Operation.Subtract, Operation.Multiply],
            Operation.Subtract => [Operation.Add],
            Operation.Multiply => [Operation.Add],
            Operation.Divide => [Operation.Multiply, Operation.Subtract],
            _ => [],
        };
        var chain = Write(problem, new Perturbation(step, Operation: alternatives[random.Next(alternatives.Length)]));
        return chain is null ? null : (chain, step);
    }

    private static (ChainOfThought Chain, int? Step)? CopiedWrongNumber(WordProblem problem, int step, Random random)
    {
        var s = problem.Steps[step];
        var literalSides = new List<bool>();
        if (!s.Left.IsStepResult)
        {
            literalSides.Add(true);
        }

        if (!s.Right.IsStepResult)
        {
            literalSides.Add(false);
        }

        if (literalSides.Count == 0)
        {
            return null;
        }

        var leftSide = literalSides[random.Next(literalSides.Count)];
        var original = leftSide ? s.Left.Value : s.Right.Value;
        int[] deltas = [-2, -1, 1, 2];
        var copied = original + deltas[random.Next(deltas.Length)];
        if (copied < 1 || problem.Quantities.Contains(copied))
        {
            return null;
        }

        var chain = Write(problem, new Perturbation(step, CopiedLeft: leftSide ? copied : null, CopiedRight: leftSide ? null : copied));
        if (chain is null || chain.Equations.Take(step).Any(e => e.Result == copied))
        {
            // A number that was written before would read as a reference, not as a miscopy.
            return null;
        }

        return (chain, step);
    }

    private static ChainOfThought OffByOne(WordProblem problem, Random random)
    {
        var correct = ChainWriter.Correct(problem);
        var final = problem.Answer <= 1 || random.Next(2) == 0 ? problem.Answer + 1 : problem.Answer - 1;
        return correct with { FinalAnswer = final };
    }

    private static (ChainOfThought Chain, int? Step)? Skip(WordProblem problem, int step)
    {
        var chain = Write(problem, new Perturbation(step, Skip: true));
        return chain is null ? null : (chain, step);
    }

    /// <summary>Writes the chain with one perturbation at <see cref="Perturbation.Step"/>, carrying written values on.</summary>
    private static ChainOfThought? Write(WordProblem problem, Perturbation p)
    {
        var steps = problem.Steps;
        var carried = new int[steps.Count];
        var equations = new List<ChainEquation>(steps.Count);
        for (var i = 0; i < steps.Count; i++)
        {
            var s = steps[i];
            var left = s.Left.IsStepResult ? carried[s.Left.Value] : s.Left.Value;
            var right = s.Right.IsStepResult ? carried[s.Right.Value] : s.Right.Value;
            var operation = s.Operation;
            if (i == p.Step)
            {
                if (p.Skip)
                {
                    carried[i] = left;
                    continue;
                }

                left = p.CopiedLeft ?? left;
                right = p.CopiedRight ?? right;
                operation = p.Operation ?? operation;
            }

            if (operation.TryApply(left, right) is not { } result)
            {
                return null;
            }

            if (i == p.Step && p.ResultDelta != 0)
            {
                result += p.ResultDelta;
                if (result < 0)
                {
                    return null;
                }
            }

            carried[i] = result;
            equations.Add(new ChainEquation(s.Lead, left, operation, right, result, s.Unit));
        }

        return new ChainOfThought(equations, carried[^1]);
    }

    private readonly record struct Perturbation(
        int Step,
        int ResultDelta = 0,
        Operation? Operation = null,
        int? CopiedLeft = null,
        int? CopiedRight = null,
        bool Skip = false);
}
