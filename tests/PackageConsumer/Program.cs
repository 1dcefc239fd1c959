// A minimal consumer of the packed Gem packages: proves that they restore, load and compute.
using Gem.Core.Policy;
using Gem.Entropy.Statistics;
using Gem.Sega.LogProbabilities;
using static TorchSharp.torch;

using var logits = randn(2, 5, 11);
using var targets = randint(0, 11, [2, 5]);
using var mask = ones(2, 5, ScalarType.Int64);
using var stats = TokenStatistics.Compute(logits, targets, TokenStatistic.All);
using var sequence = SequenceLogProbabilities.Sum(logits, targets, mask);
using var expected = stats.TargetLogProbabilities!.sum([1L]);
if (!sequence.allclose(expected, rtol: 1e-5, atol: 1e-5))
{
    Console.Error.WriteLine("Gem packages computed inconsistent log-probabilities.");
    return 1;
}

Console.WriteLine($"Gem packages work: entropy mean {stats.Entropy!.mean().item<float>():F4}, " +
                  $"policy contract {typeof(ICausalLanguageModel).FullName}.");
return 0;
