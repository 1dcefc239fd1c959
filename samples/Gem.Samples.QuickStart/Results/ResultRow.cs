using System.Text.Json.Serialization;

namespace Gem.Samples.QuickStart.Results;

/// <summary>One row of <c>results.json</c>: a method trained with one seed, evaluated on the held-out set.</summary>
/// <param name="Method">The method (<c>sft</c>, <c>dpo</c>, <c>gem</c>, or a variant).</param>
/// <param name="Seed">The training seed.</param>
/// <param name="AnswerAccuracy">Held-out greedy answer accuracy, in [0, 1].</param>
/// <param name="PreferenceAccuracy">Held-out preference accuracy under DPO's implicit reward against the warm start, in [0, 1].</param>
/// <param name="Seconds">Wall-clock seconds of the optimiser steps.</param>
/// <param name="LengthNormalizedPreferenceAccuracy">Held-out preference accuracy under the mean token log-likelihood, in [0, 1].</param>
/// <param name="GemScorePreferenceAccuracy">Held-out preference accuracy under the GEM score, in [0, 1].</param>
/// <param name="AnswerFound">Greedy completions with an answer marker, in [0, 1].</param>
/// <param name="Steps">Optimiser steps taken.</param>
public sealed record ResultRow(
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("seed")] int Seed,
    [property: JsonPropertyName("answerAccuracy")] double AnswerAccuracy,
    [property: JsonPropertyName("preferenceAccuracy")] double PreferenceAccuracy,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("lengthNormalizedPreferenceAccuracy")] double LengthNormalizedPreferenceAccuracy,
    [property: JsonPropertyName("gemScorePreferenceAccuracy")] double GemScorePreferenceAccuracy,
    [property: JsonPropertyName("answerFound")] double AnswerFound,
    [property: JsonPropertyName("steps")] int Steps);
