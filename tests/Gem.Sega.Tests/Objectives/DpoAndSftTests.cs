using Gem.Sega.LogProbabilities;
using Gem.Sega.Objectives;

namespace Gem.Sega.Tests.Objectives;

/// <summary>DPO and SFT on values worked out by hand, and the logits path of SFT against a float64 log-softmax.</summary>
public sealed class DpoAndSftTests
{
    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    [Fact]
    public void Dpo_sigmoid_loss_and_diagnostics_match_the_formulas()
    {
        using var chosen = tensor(new[] { -10.0, -4.0 }, ScalarType.Float64);
        using var rejected = tensor(new[] { -12.0, -3.0 }, ScalarType.Float64);
        using var referenceChosen = tensor(new[] { -11.0, -4.5 }, ScalarType.Float64);
        using var referenceRejected = tensor(new[] { -11.5, -3.5 }, ScalarType.Float64);
        const double beta = 0.5, s = 0.1;
        using var result = new DpoObjective(new DpoOptions { Beta = beta, LabelSmoothing = s }).Compute(chosen, rejected, referenceChosen, referenceRejected);
        // Margins: (2 − 0.5) = 1.5 and (−1 − (−1)) = 0.
        double Loss(double m) => -(1 - s) * Math.Log(Sigmoid(beta * m)) - s * Math.Log(Sigmoid(-beta * m));
        Assert.Equal((Loss(1.5) + Loss(0)) / 2, result.Loss.item<double>(), 12);
        var d = result.Diagnostics;
        Assert.Equal(beta * (1.0 + 0.5) / 2, d.RewardsChosen, 12);
        Assert.Equal(beta * (-0.5 + 0.5) / 2, d.RewardsRejected, 12);
        Assert.Equal(0.5, d.RewardsAccuracy, 12); // pair 1 ties: not counted as correct
        Assert.Equal(beta * 1.5 / 2, d.RewardsMargin, 12);
        Assert.Equal(-7.0, d.LogProbabilitiesChosen, 12);
        Assert.Equal(-7.5, d.LogProbabilitiesRejected, 12);
    }

    [Fact]
    public void Dpo_without_a_reference_uses_the_policy_margin_and_ipo_is_a_square()
    {
        using var chosen = tensor(new[] { -2.0 }, ScalarType.Float64);
        using var rejected = tensor(new[] { -3.0 }, ScalarType.Float64);
        using var sigmoid = new DpoObjective().Compute(chosen, rejected);
        Assert.Equal(-Math.Log(Sigmoid(0.1)), sigmoid.Loss.item<double>(), 12);
        Assert.Equal(-0.2, sigmoid.Diagnostics.RewardsChosen, 12);
        using var ipo = new DpoObjective(new DpoOptions { Loss = DpoLoss.Ipo, Beta = 0.25 }).Compute(chosen, rejected);
        Assert.Equal(1.0, ipo.Loss.item<double>(), 12); // (1 − 1/(2·0.25))² = 1
    }

    [Fact]
    public void Sft_is_the_token_mean_nll_of_the_completion()
    {
        // Uniform logits over V = 4: every token costs ln 4, whatever the mask.
        using var logits = zeros(2, 3, 4);
        using var targets = tensor(new long[,] { { 0, 1, 2 }, { 3, 0, 1 } });
        using var mask = tensor(new[,] { { 0f, 1f, 1f }, { 0f, 0f, 1f } });
        using var result = new SftObjective().Compute(logits, targets, mask);
        Assert.Equal(Math.Log(4), result.Loss.item<float>(), 1e-5);
        Assert.Equal(3, result.TokenCount);
    }

    [Theory]
    [InlineData(SftReduction.TokenMeanOverBatch)]
    [InlineData(SftReduction.SequenceMeanThenBatchMean)]
    public void Sft_from_logits_matches_a_float64_log_softmax_in_value_and_gradient(SftReduction reduction)
    {
        using var generator = new Generator(5);
        using var logits64 = randn([3, 6, 11], ScalarType.Float64, generator: generator);
        using var targets = randint(0, 11, [3, 6], ScalarType.Int64, generator: generator);
        using var mask = rand([3, 6], ScalarType.Float64, generator: generator).gt(0.3);
        mask[TensorIndex.Colon, 0] = tensor(true);
        var objective = new SftObjective(new SftOptions { Reduction = reduction, TokenStatistics = new Entropy.Statistics.TokenStatisticsOptions { ChunkRows = 4 } });

        using var leaf32 = logits64.to(ScalarType.Float32).requires_grad_(true);
        using var fromLogits = objective.Compute(leaf32, targets, mask);
        fromLogits.Loss.backward();

        using var leaf64 = logits64.clone().requires_grad_(true);
        using var perToken = leaf64.log_softmax(-1).gather(-1, targets.unsqueeze(-1)).squeeze(-1);
        using var reference = objective.ComputeFromLogProbabilities(perToken, mask);
        reference.Loss.backward();

        Assert.Equal(reference.Loss.item<double>(), fromLogits.Loss.item<float>(), 1e-5);
        var g32 = leaf32.grad!.data<float>().ToArray();
        var g64 = leaf64.grad!.data<double>().ToArray();
        for (var k = 0; k < g64.Length; k++)
            Assert.Equal(g64[k], g32[k], 1e-5);
    }

    [Fact]
    public void Sequence_log_probabilities_sum_and_mean_over_completion_tokens()
    {
        using var generator = new Generator(9);
        using var logits = randn([2, 5, 7], generator: generator);
        using var targets = randint(0, 7, [2, 5], ScalarType.Int64, generator: generator);
        using var mask = tensor(new[,] { { 0, 1, 1, 1, 0 }, { 0, 0, 1, 0, 0 } });
        using var sum = SequenceLogProbabilities.Sum(logits, targets, mask);
        using var mean = SequenceLogProbabilities.Mean(logits, targets, mask);
        var full = logits.to(ScalarType.Float64).log_softmax(-1).gather(-1, targets.unsqueeze(-1)).squeeze(-1).data<double>().ToArray();
        var expected0 = full[1] + full[2] + full[3];
        var expected1 = full[5 + 2];
        Assert.Equal(expected0, sum.data<float>()[0], 1e-5);
        Assert.Equal(expected1, sum.data<float>()[1], 1e-5);
        Assert.Equal(expected0 / 3, mean.data<float>()[0], 1e-5);
        Assert.Equal(expected1, mean.data<float>()[1], 1e-5);
    }
}
