namespace Gem.Samples.QuickStart.Experiment;

/// <summary>The check of the paper's core assumption: k samples per held-out prompt, scored and checked. Validated when built.</summary>
public sealed record CalibrationOptions
{
    /// <summary>Creates the options; throws <see cref="ArgumentOutOfRangeException"/> naming a bad value.</summary>
    /// <param name="prompts">Held-out prompts sampled (at most the held-out set's size is used), at least 1.</param>
    /// <param name="candidates">k, candidates per prompt, at least 2.</param>
    /// <param name="temperature">Sampling temperature, finite and &gt; 0.</param>
    /// <param name="seed">Seed of the sampling.</param>
    public CalibrationOptions(int prompts, int candidates, double temperature, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(prompts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(candidates, 2);
        if (!double.IsFinite(temperature) || temperature <= 0)
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "Expected a finite temperature > 0.");
        (Prompts, Candidates, Temperature, Seed) = (prompts, candidates, temperature, seed);
    }

    /// <summary>Held-out prompts sampled.</summary>
    public int Prompts { get; }

    /// <summary>k, candidates per prompt.</summary>
    public int Candidates { get; }

    /// <summary>Sampling temperature.</summary>
    public double Temperature { get; }

    /// <summary>Seed of the sampling.</summary>
    public int Seed { get; }
}
