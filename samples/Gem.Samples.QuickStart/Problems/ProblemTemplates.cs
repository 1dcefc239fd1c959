namespace Gem.Samples.QuickStart.Problems;

/// <summary>
/// The catalogue of templates: 2-step, 3-step and 4-step problems mixing addition, subtraction,
/// multiplication and exact division. Every step's value must lie in [2, <see cref="TaskDifficulty.MaxValue"/>].
/// </summary>
public static class ProblemTemplates
{
    /// <summary>All templates, in a fixed order (generation depends on it).</summary>
    public static IReadOnlyList<ProblemTemplate> All { get; } =
    [
        new("boxes-give-away", 2, BoxesGiveAway),
        new("buy-packs", 2, BuyPacks),
        new("share-boxes", 2, ShareBoxes),
        new("more-than-together", 2, MoreThanTogether),
        new("fewer-than-together", 2, FewerThanTogether),
        new("days-eat-give", 3, DaysEatGive),
        new("buy-give-share", 3, BuyGiveShare),
        new("two-kinds", 3, TwoKinds),
        new("boxes-buy-give-share", 4, BoxesBuyGiveShare),
        new("boxes-more-give", 4, BoxesMoreGive),
    ];

    // "Tom has 3 boxes of 4 apples. He gives away 5 apples. How many apples are left?"
    private static WordProblem? BoxesGiveAway(Random r, TaskDifficulty d)
    {
        var s = Scene.Draw(r);
        int a = Factor(r, d), b = Factor(r, d), c = Addend(r, d);
        return Build(d, "boxes-give-away",
            $"{s.Name} has {a} {s.Container} of {b} {s.Item}. {s.CapitalPronoun} gives away {c} {s.Item}. How many {s.Item} are left?",
            [a, b, c],
            [
                Step(Operation.Multiply, N(a), N(b), $"{s.Name} has", s.Item),
                Step(Operation.Subtract, R(0), N(c), $"So {s.Pronoun} has", s.Item),
            ]);
    }

    // "Tom has 7 apples. He buys 3 packs with 4 apples each. How many apples does he have now?"
    private static WordProblem? BuyPacks(Random r, TaskDifficulty d)
    {
        var s = Scene.Draw(r);
        int a = Addend(r, d), b = Factor(r, d), c = Factor(r, d);
        return Build(d, "buy-packs",
            $"{s.Name} has {a} {s.Item}. {s.CapitalPronoun} buys {b} {s.Container} with {c} {s.Item} each. How many {s.Item} does {s.Pronoun} have now?",
            [a, b, c],
            [
                Step(Operation.Multiply, N(b), N(c), $"The {s.Container} hold", s.Item),
                Step(Operation.Add, N(a), R(0), $"Now {s.Pronoun} has", s.Item),
            ]);
    }

    // "Tom has 4 bags of 6 coins. He shares them equally among 3 friends. How many coins does each friend get?"
    private static WordProblem? ShareBoxes(Random r, TaskDifficulty d)
    {
        var s = Scene.Draw(r);
        int a = Factor(r, d), b = Factor(r, d), c = Factor(r, d);
        return Build(d, "share-boxes",
            $"{s.Name} has {a} {s.Container} of {b} {s.Item}. {s.CapitalPronoun} shares them equally among {c} friends. How many {s.Item} does each friend get?",
            [a, b, c],
            [
                Step(Operation.Multiply, N(a), N(b), "In all there are", s.Item),
                Step(Operation.Divide, R(0), N(c), "Each friend gets", s.Item),
            ]);
    }

    // "Tom has 8 pens. Ann has 5 more pens than Tom. How many pens do they have together?"
    private static WordProblem? MoreThanTogether(Random r, TaskDifficulty d)
    {
        var s = Scene.Draw(r);
        int a = Addend(r, d), b = Addend(r, d);
        return Build(d, "more-than-together",
            $"{s.Name} has {a} {s.Item}. {s.Other} has {b} more {s.Item} than {s.Name}. How many {s.Item} do they have together?",
            [a, b],
            [
                Step(Operation.Add, N(a), N(b), $"{s.Other} has", s.Item),
                Step(Operation.Add, N(a), R(0), "Together they have", s.Item),
            ]);
    }

    // "Tom has 12 cards. Ann has 5 fewer cards than Tom. How many cards do they have together?"
    private static WordProblem? FewerThanTogether(Random r, TaskDifficulty d)
    {
        var s = Scene.Draw(r);
        int a = Addend(r, d), b = Addend(r, d);
        return Build(d, "fewer-than-together",
            $"{s.Name} has {a} {s.Item}. {s.Other} has {b} fewer {s.Item} than {s.Name}. How many {s.Item} do they have together?",
            [a, b],
            [
                Step(Operation.Subtract, N(a), N(b), $"{s.Other} has", s.Item),
                Step(Operation.Add, N(a), R(0), "Together they have", s.Item),
            ]);
    }

    // "Tom gets 6 eggs each day for 4 days. He eats 5 eggs and gives 3 eggs to Ann. How many eggs are left?"
    private static WordProblem? DaysEatGive(Random r, TaskDifficulty d)
    {
        var s = Scene.Draw(r);
        int a = Factor(r, d), b = Factor(r, d), c = Addend(r, d), e = Addend(r, d);
        return Build(d, "days-eat-give",
            $"{s.Name} gets {a} {s.Item} each day for {b} days. {s.CapitalPronoun} eats {c} {s.Item} and gives {e} {s.Item} to {s.Other}. How many {s.Item} are left?",
            [a, b, c, e],
            [
                Step(Operation.Multiply, N(a), N(b), $"{s.Name} gets", s.Item),
                Step(Operation.Subtract, R(0), N(c), $"After eating {s.Pronoun} has", s.Item),
                Step(Operation.Subtract, R(1), N(e), $"After giving {s.Pronoun} has", s.Item),
            ]);
    }

    // "Tom buys 5 boxes of 6 pens. He gives 6 pens to Ann and shares the rest equally among 4 friends. How many pens does each friend get?"
    private static WordProblem? BuyGiveShare(Random r, TaskDifficulty d)
    {
        var s = Scene.Draw(r);
        int a = Factor(r, d), b = Factor(r, d), c = Addend(r, d), e = Factor(r, d);
        return Build(d, "buy-give-share",
            $"{s.Name} buys {a} {s.Container} of {b} {s.Item}. {s.CapitalPronoun} gives {c} {s.Item} to {s.Other} and shares the rest equally among {e} friends. How many {s.Item} does each friend get?",
            [a, b, c, e],
            [
                Step(Operation.Multiply, N(a), N(b), $"{s.Name} buys", s.Item),
                Step(Operation.Subtract, R(0), N(c), "The rest is", s.Item),
                Step(Operation.Divide, R(1), N(e), "Each friend gets", s.Item),
            ]);
    }

    // "Tom has 3 boxes of 4 apples and 2 bags of 5 apples. How many apples does he have?"
    private static WordProblem? TwoKinds(Random r, TaskDifficulty d)
    {
        var s = Scene.Draw(r);
        int a = Factor(r, d), b = Factor(r, d), c = Factor(r, d), e = Factor(r, d);
        return Build(d, "two-kinds",
            $"{s.Name} has {a} {s.Container} of {b} {s.Item} and {c} {s.OtherContainer} of {e} {s.Item}. How many {s.Item} does {s.Pronoun} have?",
            [a, b, c, e],
            [
                Step(Operation.Multiply, N(a), N(b), $"The {s.Container} hold", s.Item),
                Step(Operation.Multiply, N(c), N(e), $"The {s.OtherContainer} hold", s.Item),
                Step(Operation.Add, R(0), R(1), $"{s.CapitalPronoun} has", s.Item),
            ]);
    }

    // "Tom has 4 jars of 5 shells. He buys 7 more shells and then gives away 3 shells. He shares the rest equally among 6 friends. How many shells does each friend get?"
    private static WordProblem? BoxesBuyGiveShare(Random r, TaskDifficulty d)
    {
        var s = Scene.Draw(r);
        int a = Factor(r, d), b = Factor(r, d), c = Addend(r, d), e = Addend(r, d), f = Factor(r, d);
        return Build(d, "boxes-buy-give-share",
            $"{s.Name} has {a} {s.Container} of {b} {s.Item}. {s.CapitalPronoun} buys {c} more {s.Item} and then gives away {e} {s.Item}. {s.CapitalPronoun} shares the rest equally among {f} friends. How many {s.Item} does each friend get?",
            [a, b, c, e, f],
            [
                Step(Operation.Multiply, N(a), N(b), $"{s.Name} has", s.Item),
                Step(Operation.Add, R(0), N(c), $"After buying {s.Pronoun} has", s.Item),
                Step(Operation.Subtract, R(1), N(e), "The rest is", s.Item),
                Step(Operation.Divide, R(2), N(f), "Each friend gets", s.Item),
            ]);
    }

    // "Tom has 3 bags of 4 cards. Ann has 5 more cards than Tom. They give away 6 cards. How many cards do they have left?"
    private static WordProblem? BoxesMoreGive(Random r, TaskDifficulty d)
    {
        var s = Scene.Draw(r);
        int a = Factor(r, d), b = Factor(r, d), c = Addend(r, d), e = Addend(r, d);
        return Build(d, "boxes-more-give",
            $"{s.Name} has {a} {s.Container} of {b} {s.Item}. {s.Other} has {c} more {s.Item} than {s.Name}. They give away {e} {s.Item}. How many {s.Item} do they have left?",
            [a, b, c, e],
            [
                Step(Operation.Multiply, N(a), N(b), $"{s.Name} has", s.Item),
                Step(Operation.Add, R(0), N(c), $"{s.Other} has", s.Item),
                Step(Operation.Add, R(0), R(1), "Together they have", s.Item),
                Step(Operation.Subtract, R(2), N(e), "So they have", s.Item),
            ]);
    }

    private static int Factor(Random r, TaskDifficulty d) => r.Next(2, d.MaxFactor + 1);

    private static int Addend(Random r, TaskDifficulty d) => r.Next(2, d.MaxAddend + 1);

    private static Operand N(int value) => Operand.Number(value);

    private static Operand R(int step) => Operand.ResultOf(step);

    private static ProblemStep Step(Operation op, Operand left, Operand right, string lead, string unit) => new(op, left, right, lead, unit);

    private static WordProblem? Build(TaskDifficulty d, string name, string text, int[] quantities, ProblemStep[] steps)
    {
        var values = ProblemEvaluator.TryEvaluate(steps);
        if (values is null || values.Any(v => v < 2 || v > d.MaxValue))
        {
            return null;
        }

        return new WordProblem(name, text, quantities, steps, values[^1]);
    }

    /// <summary>The people and things one problem is about.</summary>
    private readonly record struct Scene(string Name, string Pronoun, string Other, string Item, string Container, string OtherContainer)
    {
        public string CapitalPronoun => char.ToUpperInvariant(Pronoun[0]) + Pronoun[1..];

        public static Scene Draw(Random r)
        {
            var people = Lexicon.People;
            var main = r.Next(people.Count);
            var other = (main + 1 + r.Next(people.Count - 1)) % people.Count;
            var containers = Lexicon.Containers;
            var container = r.Next(containers.Count);
            var otherContainer = (container + 1 + r.Next(containers.Count - 1)) % containers.Count;
            return new Scene(
                people[main].Name,
                people[main].Pronoun,
                people[other].Name,
                Lexicon.Items[r.Next(Lexicon.Items.Count)],
                containers[container],
                containers[otherContainer]);
        }
    }
}
