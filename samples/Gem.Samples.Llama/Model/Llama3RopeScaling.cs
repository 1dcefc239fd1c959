namespace Gem.Samples.Llama.Model;

/// <summary>
/// Llama 3.1's frequency-dependent rotary scaling (<c>rope_scaling.rope_type = "llama3"</c>): wavelengths longer than
/// <c>OriginalMaxPositions / LowFrequencyFactor</c> are divided by <see cref="Factor"/>, those shorter than
/// <c>OriginalMaxPositions / HighFrequencyFactor</c> are kept, and the ones in between are interpolated smoothly.
/// </summary>
public sealed class Llama3RopeScaling
{
    /// <summary>Creates the scaling; every value must be finite and positive, and <paramref name="highFrequencyFactor"/> &gt; <paramref name="lowFrequencyFactor"/>.</summary>
    /// <param name="factor">Divisor of the low frequencies (8 for Llama 3.1).</param>
    /// <param name="lowFrequencyFactor">Low-frequency factor (1 for Llama 3.1).</param>
    /// <param name="highFrequencyFactor">High-frequency factor (4 for Llama 3.1).</param>
    /// <param name="originalMaxPositions">Context length of pre-training (8192 for Llama 3.1).</param>
    public Llama3RopeScaling(double factor, double lowFrequencyFactor, double highFrequencyFactor, int originalMaxPositions)
    {
        RequirePositive(factor, nameof(factor));
        RequirePositive(lowFrequencyFactor, nameof(lowFrequencyFactor));
        RequirePositive(highFrequencyFactor, nameof(highFrequencyFactor));
        if (highFrequencyFactor <= lowFrequencyFactor)
            throw new ArgumentOutOfRangeException(nameof(highFrequencyFactor), highFrequencyFactor, $"Expected a value greater than lowFrequencyFactor = {lowFrequencyFactor}.");
        if (originalMaxPositions <= 0)
            throw new ArgumentOutOfRangeException(nameof(originalMaxPositions), originalMaxPositions, "Expected a positive number of positions.");
        Factor = factor;
        LowFrequencyFactor = lowFrequencyFactor;
        HighFrequencyFactor = highFrequencyFactor;
        OriginalMaxPositions = originalMaxPositions;
    }

    /// <summary>Divisor of the low frequencies.</summary>
    public double Factor { get; }

    /// <summary>Low-frequency factor.</summary>
    public double LowFrequencyFactor { get; }

    /// <summary>High-frequency factor.</summary>
    public double HighFrequencyFactor { get; }

    /// <summary>Context length of pre-training.</summary>
    public int OriginalMaxPositions { get; }

    /// <summary>Applies the scaling to unscaled inverse frequencies <c>θ^(−2i/D)</c>, as Hugging Face's <c>_compute_llama3_parameters</c> does.</summary>
    /// <param name="inverseFrequencies">The D/2 unscaled inverse frequencies.</param>
    /// <returns>The D/2 scaled inverse frequencies.</returns>
    public double[] Apply(IReadOnlyList<double> inverseFrequencies)
    {
        ArgumentNullException.ThrowIfNull(inverseFrequencies);
        var lowFrequencyWavelength = OriginalMaxPositions / LowFrequencyFactor;
        var highFrequencyWavelength = OriginalMaxPositions / HighFrequencyFactor;
        var result = new double[inverseFrequencies.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var frequency = inverseFrequencies[i];
            var wavelength = 2 * Math.PI / frequency;
            if (wavelength < highFrequencyWavelength)
                result[i] = frequency;
            else if (wavelength > lowFrequencyWavelength)
                result[i] = frequency / Factor;
            else
            {
                var smooth = (OriginalMaxPositions / wavelength - LowFrequencyFactor) / (HighFrequencyFactor - LowFrequencyFactor);
                result[i] = (1 - smooth) * frequency / Factor + smooth * frequency;
            }
        }
        return result;
    }

    private static void RequirePositive(double value, string name)
    {
        if (!double.IsFinite(value) || value <= 0)
            throw new ArgumentOutOfRangeException(name, value, "Expected a finite positive value.");
    }
}
