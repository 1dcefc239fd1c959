using Gem.Sega.Baselines;
using Gem.Sega.Rewards;

namespace Gem.Sega.Tests.Support;

/// <summary>SEGA's advantages written out member by member in float64, straight from DESIGN.md step 6: the reference
/// the vectorised implementation is checked against.</summary>
internal static class ReferenceAdvantages
{
    public static double[] Rewards(double[] ratings, RewardTransform transform, double temperature = 1.0, double epsilon = 1e-4)
    {
        var n = ratings.Length;
        switch (transform)
        {
            case RewardTransform.Identity:
                return (double[])ratings.Clone();
            case RewardTransform.Standardize:
            {
                var mean = ratings.Average();
                var std = Math.Sqrt(ratings.Sum(r => (r - mean) * (r - mean)) / (n - 1));
                return ratings.Select(r => (r - mean) / (std + epsilon)).ToArray();
            }
            case RewardTransform.CenteredRank:
            {
                var result = new double[n];
                for (var i = 0; i < n; i++)
                {
                    double rank = 0;
                    for (var j = 0; j < n; j++)
                    {
                        if (j == i)
                            continue;
                        if (ratings[j] < ratings[i])
                            rank += 1;
                        else if (ratings[j] == ratings[i])
                            rank += 0.5;
                    }

                    result[i] = rank / (n - 1) - 0.5;
                }

                return result;
            }
            case RewardTransform.Softmax:
            {
                var max = ratings.Max();
                var e = ratings.Select(r => Math.Exp((r - max) / temperature)).ToArray();
                var s = e.Sum();
                return e.Select(x => x / s).ToArray();
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(transform));
        }
    }

    public static double[] Advantages(double[] ratings, RewardTransform transform, Baseline baseline, bool divideByStd, double temperature = 1.0, double epsilon = 1e-4)
    {
        var r = Rewards(ratings, transform, temperature, epsilon);
        var n = r.Length;
        var a = new double[n];
        for (var i = 0; i < n; i++)
        {
            double b;
            switch (baseline)
            {
                case Baseline.Mean:
                    b = r.Average();
                    break;
                case Baseline.Median:
                {
                    var sorted = r.OrderBy(x => x).ToArray();
                    b = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
                    break;
                }
                case Baseline.Min:
                    b = r.Min();
                    break;
                case Baseline.LeaveOneOut:
                {
                    double others = 0;
                    for (var j = 0; j < n; j++)
                    {
                        if (j != i)
                            others += r[j];
                    }

                    b = others / (n - 1);
                    break;
                }
                default:
                    throw new ArgumentOutOfRangeException(nameof(baseline));
            }

            a[i] = r[i] - b;
        }

        if (divideByStd)
        {
            var mean = r.Average();
            var std = Math.Sqrt(r.Sum(x => (x - mean) * (x - mean)) / (n - 1));
            for (var i = 0; i < n; i++)
                a[i] /= std + epsilon;
        }

        return a;
    }
}
