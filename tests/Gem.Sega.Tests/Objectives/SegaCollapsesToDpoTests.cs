using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gem.Sega.Objectives;
using Gem.Sega.Tests.Support;

namespace Gem.Sega.Tests.Objectives;

/// <summary>
/// DESIGN.md step 7: with the human pair alone (k = 2), identity rewards and the mean baseline, SEGA's gradient is
/// <c>−(Δ/4)(∇ℓ⁺ − ∇ℓ⁻)</c> (the 1/|g| = ½ of the loss included) and DPO's is <c>−β σ(−β m)(∇ℓ⁺ − ∇ℓ⁻)</c>: the same
/// direction when <c>Δ = ρ⁺ − ρ⁻ &gt; 0</c>, the opposite one when <c>Δ &lt; 0</c>.
/// </summary>
public sealed class SegaCollapsesToDpoTests
{
    private static readonly Gen<(int Seed, double Delta, double Beta)> Cases =
        from seed in Gen.Choose(0, 1_000_000)
        from delta in Gen.Choose(1, 400).Select(i => i / 100.0)
        from beta in Gen.Elements(0.05, 0.1, 0.5, 1.0)
        select (seed, delta, beta);

    private static double[] Gradient(TinyPolicy policy, Tensor mask, Func<Tensor, Tensor> loss) =>
        FiniteDifferences.Analytic(policy.Weight, w => loss(where(mask, policy.PerToken(w), zeros(1, ScalarType.Float64)).sum([1L])));

    [Property(MaxTest = 50)]
    public Property Sega_with_two_members_has_the_dpo_gradient_direction() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            // Row 0 is a⁺, row 1 is a⁻; a random model, random completions, a random reference.
            using var policy = new TinyPolicy(2, 4 + c.Seed % 3, 3, 5 + c.Seed % 4, c.Seed);
            using var mask = ones(policy.Targets.shape, ScalarType.Bool);
            mask[1, 0] = tensor(false);
            using var referenceWeight = policy.OtherWeight(c.Seed + 1, 0.5);
            using var reference = where(mask, policy.PerToken(referenceWeight), zeros(1, ScalarType.Float64)).sum([1L]);
            var sega = new SegaObjective();
            var dpo = new DpoObjective(new DpoOptions { Beta = c.Beta });
            var dpoGradient = Gradient(policy, mask, l => dpo.Compute(l[..1], l[1..], reference[..1], reference[1..]).Loss);
            foreach (var sign in new[] { 1.0, -1.0 })
            {
                double[] ratings = [0.25 + sign * c.Delta, 0.25];
                var segaGradient = Gradient(policy, mask, l => sega.Compute(l, [2], ratings).Loss);
                var cosine = FiniteDifferences.Cosine(segaGradient, dpoGradient);
                Assert.True(Math.Abs(cosine - sign) <= 1e-5, $"Δ = {sign * c.Delta}: cosine {cosine:R}, expected {sign}.");
            }
        });

    [Fact]
    public void Sega_with_two_members_is_minus_delta_over_four_times_the_log_probability_gap()
    {
        using var l = tensor(new[] { -3.0, -5.5 }, ScalarType.Float64);
        using var result = new SegaObjective().Compute(l, [2], [2.0, 0.5]);
        // A = ±Δ/2 = ±0.75; L = −½(0.75·(−3) − 0.75·(−5.5)) = −0.9375.
        Assert.Equal(-0.9375, result.Loss.item<double>(), 12);
        Assert.Equal(new[] { 0.75, -0.75 }, result.Advantages.data<double>().ToArray());
    }
}
