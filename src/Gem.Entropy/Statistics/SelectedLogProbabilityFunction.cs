using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Entropy.Statistics;

/// <summary>
/// <c>log p(y) = z_y/τ − logsumexp(z/τ)</c> as a custom autograd function. Forward is a gather (the logsumexp comes
/// from the statistics pass); backward recomputes <c>softmax(z/τ)</c> chunk by chunk from the saved logits and
/// logsumexp: <c>∂/∂z_v = g·(1[v = y] − p_v)/τ</c>. Nothing but the caller's logits (already alive) and one float per
/// row is kept between forward and backward — no fp32 copy of a bf16 chunk, no second exponential pass forward.
/// </summary>
internal sealed class SelectedLogProbabilityFunction : autograd.SingleTensorFunction<SelectedLogProbabilityFunction>
{
    /// <inheritdoc />
    public override string Name => nameof(SelectedLogProbabilityFunction);

    /// <summary>Arguments: logits <c>[rows, V]</c>, targets <c>[rows]</c> int64, logsumexp <c>[rows]</c> fp32 (of z/τ), temperature (double), chunk rows (long).</summary>
    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(vars);
        var logits = (Tensor)vars[0];
        var targets = (Tensor)vars[1];
        var logSumExp = (Tensor)vars[2];
        var temperature = (double)vars[3];
        ctx.save_for_backward([logits, targets, logSumExp]);
        ctx.save_data("temperature", temperature);
        ctx.save_data("chunkRows", (long)vars[4]);
        return Gather(logits, targets, logSumExp, temperature);
    }

    /// <summary><c>z_y/τ − logsumexp</c> per row without a graph: logits <c>[rows, V]</c>, targets <c>[rows]</c> int64, logsumexp <c>[rows]</c> fp32 → <c>[rows]</c> fp32.</summary>
    internal static Tensor Gather(Tensor logits, Tensor targets, Tensor logSumExp, double temperature)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var picked = logits.gather(-1, targets.unsqueeze(-1)).squeeze(-1).to(ScalarType.Float32);
        if (temperature != 1.0)
            picked = picked / temperature;
        return (picked - logSumExp).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(grad_output);
        using var scope = NewDisposeScope();
        var saved = ctx.get_saved_variables();
        var logits = saved[0];
        var targets = saved[1];
        var logSumExp = saved[2];
        var temperature = (double)ctx.get_data("temperature");
        var chunkRows = (long)ctx.get_data("chunkRows");
        var rows = logits.shape[0];
        var gradient = empty_like(logits);
        var scaledGrad = grad_output.to(ScalarType.Float32) / temperature;
        // TorchSharp hands backward a wrapper it never disposes (it would hold the incoming gradient until the caller's
        // dispose scope ends, or until a finaliser runs): release it as soon as it is read.
        grad_output.Dispose();
        using (no_grad())
        {
            for (long start = 0; start < rows; start += chunkRows)
            {
                using var chunkScope = NewDisposeScope();
                var length = Math.Min(chunkRows, rows - start);
                var z = TokenStatistics.ScaledFloat32(logits.narrow(0, start, length), temperature);
                var g = scaledGrad.narrow(0, start, length).unsqueeze(-1);
                // −g·p_v everywhere, then +g at the target: exp(−∞ − lse) = 0, so masked entries get exactly 0.
                var chunkGradient = (z - logSumExp.narrow(0, start, length).unsqueeze(-1)).exp_().mul_(g.neg());
                chunkGradient.scatter_add_(-1, targets.narrow(0, start, length).unsqueeze(-1), g);
                gradient.narrow(0, start, length).copy_(chunkGradient);
            }
        }

        return [gradient.MoveToOuterDisposeScope(), null!, null!, null!, null!];
    }
}
