using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Sega.Objectives;

/// <summary>
/// Direct Preference Optimization over pairs (chosen <c>a⁺</c>, rejected <c>a⁻</c>), the baseline GEM is compared with.
/// </summary>
/// <remarks>
/// <para>With sequence log-probabilities <c>ℓ</c> (sums over completion tokens, e.g. from
/// <see cref="LogProbabilities.SequenceLogProbabilities.Sum"/>) of the policy and, optionally, of a frozen reference,
/// the margin is <c>m = (ℓ⁺ − ℓ⁻) − (ℓ⁺_ref − ℓ⁻_ref)</c> (reference terms 0 when no reference is given: reference-free
/// DPO). Per pair:</para>
/// <list type="bullet">
/// <item><see cref="DpoLoss.Sigmoid"/> (default): <c>−(1 − s) log σ(β m) − s log σ(−β m)</c>, <c>s</c> the label smoothing
/// (default 0); its gradient for <c>s = 0</c> is <c>−β σ(−β m)(∇ℓ⁺ − ∇ℓ⁻)</c>.</item>
/// <item><see cref="DpoLoss.Ipo"/>: <c>(m − 1/(2β))²</c>.</item>
/// </list>
/// <para>The loss is the mean over the <c>B</c> pairs; β defaults to 0.1. Implicit rewards are <c>β(ℓ − ℓ_ref)</c>.
/// Arithmetic is float32, or float64 for float64 inputs.</para>
/// </remarks>
public sealed class DpoObjective
{
    /// <summary>Builds the objective, checking the options' combination.</summary>
    /// <param name="options">Options; <see cref="DpoOptions.Default"/> when null.</param>
    public DpoObjective(DpoOptions? options = null)
    {
        Options = options ?? DpoOptions.Default;
        Options.Validate(nameof(options));
    }

    /// <summary>The options this objective was built with.</summary>
    public DpoOptions Options { get; }

    /// <summary>Computes the DPO loss and diagnostics.</summary>
    /// <param name="chosenLogProbabilities">Policy sequence log-probabilities of the chosen completions, <c>[B]</c>, floating point, finite, with gradient.</param>
    /// <param name="rejectedLogProbabilities">Policy sequence log-probabilities of the rejected completions, <c>[B]</c>.</param>
    /// <param name="referenceChosenLogProbabilities">Reference log-probabilities of the chosen completions, <c>[B]</c>, or null
    /// (with <paramref name="referenceRejectedLogProbabilities"/>) for reference-free DPO. Detached.</param>
    /// <param name="referenceRejectedLogProbabilities">Reference log-probabilities of the rejected completions, <c>[B]</c>, or null.</param>
    /// <returns>The loss and the rest; dispose it.</returns>
    /// <exception cref="ArgumentException">A shape or dtype is wrong, only one reference is given, or a value is NaN or infinite.</exception>
    public DpoResult Compute(
        Tensor chosenLogProbabilities,
        Tensor rejectedLogProbabilities,
        Tensor? referenceChosenLogProbabilities = null,
        Tensor? referenceRejectedLogProbabilities = null)
    {
        ArgumentNullException.ThrowIfNull(chosenLogProbabilities);
        ArgumentNullException.ThrowIfNull(rejectedLogProbabilities);
        CheckPairTensor(chosenLogProbabilities, -1, nameof(chosenLogProbabilities));
        var pairs = chosenLogProbabilities.shape[0];
        CheckPairTensor(rejectedLogProbabilities, pairs, nameof(rejectedLogProbabilities));
        if ((referenceChosenLogProbabilities is null) != (referenceRejectedLogProbabilities is null))
            throw new ArgumentException(
                "Give both referenceChosenLogProbabilities and referenceRejectedLogProbabilities, or neither (reference-free DPO); one of them is null.",
                referenceChosenLogProbabilities is null ? nameof(referenceChosenLogProbabilities) : nameof(referenceRejectedLogProbabilities));
        if (referenceChosenLogProbabilities is not null)
        {
            CheckPairTensor(referenceChosenLogProbabilities, pairs, nameof(referenceChosenLogProbabilities));
            CheckPairTensor(referenceRejectedLogProbabilities!, pairs, nameof(referenceRejectedLogProbabilities));
        }

        using var scope = NewDisposeScope();
        var computeType = chosenLogProbabilities.dtype == ScalarType.Float64 ? ScalarType.Float64 : ScalarType.Float32;
        var device = chosenLogProbabilities.device;
        var chosen = chosenLogProbabilities.to(computeType);
        var rejected = rejectedLogProbabilities.to(computeType).to(device);
        var referenceChosen = referenceChosenLogProbabilities?.detach().to(computeType).to(device) ?? zeros_like(chosen);
        var referenceRejected = referenceRejectedLogProbabilities?.detach().to(computeType).to(device) ?? zeros_like(chosen);
        var beta = Options.Beta;
        var margin = (chosen - rejected) - (referenceChosen - referenceRejected);
        var losses = Options.Loss switch
        {
            DpoLoss.Sigmoid => -(1.0 - Options.LabelSmoothing) * nn.functional.logsigmoid(beta * margin)
                               - Options.LabelSmoothing * nn.functional.logsigmoid(-beta * margin),
            DpoLoss.Ipo => (margin - 1.0 / (2.0 * beta)).square(),
            _ => throw new InvalidOperationException($"Unknown DPO loss {Options.Loss}."),
        };
        var loss = losses.mean();
        var chosenRewards = (beta * (chosen - referenceChosen)).detach();
        var rejectedRewards = (beta * (rejected - referenceRejected)).detach();

        Tensor[] figures =
        [
            chosenRewards.mean(), rejectedRewards.mean(), chosenRewards.gt(rejectedRewards).to(computeType).mean(),
            (chosenRewards - rejectedRewards).mean(), chosen.detach().mean(), rejected.detach().mean(),
            chosen.isfinite().all(), rejected.isfinite().all(), referenceChosen.isfinite().all(), referenceRejected.isfinite().all(),
        ];
        var host = stack(figures.Select(f => f.to(ScalarType.Float64).reshape(1)).ToArray()).cpu().data<double>().ToArray();
        string[] names = [nameof(chosenLogProbabilities), nameof(rejectedLogProbabilities), nameof(referenceChosenLogProbabilities), nameof(referenceRejectedLogProbabilities)];
        for (var k = 0; k < names.Length; k++)
        {
            if (host[6 + k] == 0)
                throw new ArgumentException($"{names[k]} must be finite; it holds NaN or ±∞.", names[k]);
        }

        var diagnostics = new DpoDiagnostics(host[0], host[1], host[2], host[3], host[4], host[5]);
        return new DpoResult(loss.MoveToOuterDisposeScope(), chosenRewards.MoveToOuterDisposeScope(), rejectedRewards.MoveToOuterDisposeScope(), diagnostics);
    }

    private static void CheckPairTensor(Tensor value, long pairs, string name)
    {
        if (!value.is_floating_point())
            throw new ArgumentException($"{name} must be floating point; got {value.dtype}.", name);
        if (value.dim() != 1 || (pairs >= 0 && value.shape[0] != pairs) || value.shape[0] == 0)
            throw new ArgumentException(
                $"{name} must have shape [{(pairs >= 0 ? pairs.ToString(System.Globalization.CultureInfo.InvariantCulture) : "B")}] (one sequence log-probability per pair, B ≥ 1); got [{string.Join(", ", value.shape)}].",
                name);
    }
}
