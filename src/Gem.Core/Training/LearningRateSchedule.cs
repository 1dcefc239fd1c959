using System.Globalization;
using TorchSharp;

namespace Gem.Core.Training;

/// <summary>
/// A learning-rate schedule with linear warm-up, as Hugging Face's <c>get_*_schedule_with_warmup</c>: the rate of
/// optimiser step <c>s</c> (0-based) is
/// <list type="bullet">
/// <item>warm-up, <c>s &lt; W</c>: <c>η·s/W</c>;</item>
/// <item><see cref="LearningRateScheduleKind.Constant"/>: <c>η</c>;</item>
/// <item><see cref="LearningRateScheduleKind.Cosine"/>: <c>η_min + (η − η_min)·½·(1 + cos(π·p))</c>, with
/// <c>p = min(1, (s − W)/max(1, N − W))</c>;</item>
/// <item><see cref="LearningRateScheduleKind.Linear"/>: <c>η_min + (η − η_min)·(1 − p)</c>;</item>
/// </list>
/// where η is <see cref="PeakLearningRate"/>, W <see cref="WarmupSteps"/>, N <see cref="TotalSteps"/> and η_min
/// <see cref="MinimumLearningRate"/>. After N steps the rate stays at η_min. The schedule is a pure function of the
/// step, so its state in a checkpoint is the step itself.
/// </summary>
public sealed class LearningRateSchedule
{
    private LearningRateSchedule(LearningRateScheduleKind kind, double peak, long warmupSteps, long totalSteps, double minimum)
    {
        if (!double.IsFinite(peak) || peak < 0)
            throw new ArgumentOutOfRangeException(nameof(peak), peak, string.Create(CultureInfo.InvariantCulture, $"The peak learning rate must be finite and ≥ 0; got {peak}."));
        if (warmupSteps < 0)
            throw new ArgumentOutOfRangeException(nameof(warmupSteps), warmupSteps, $"Warm-up steps must be ≥ 0; got {warmupSteps}.");
        if (kind != LearningRateScheduleKind.Constant && totalSteps < Math.Max(1, warmupSteps))
            throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, $"Total steps must be ≥ 1 and ≥ the warm-up steps ({warmupSteps}); got {totalSteps}.");
        if (!double.IsFinite(minimum) || minimum < 0 || minimum > peak)
            throw new ArgumentOutOfRangeException(nameof(minimum), minimum, string.Create(CultureInfo.InvariantCulture, $"The minimum learning rate must lie in [0, {peak}]; got {minimum}."));
        Kind = kind;
        PeakLearningRate = peak;
        WarmupSteps = warmupSteps;
        TotalSteps = totalSteps;
        MinimumLearningRate = minimum;
    }

    /// <summary>The shape after warm-up.</summary>
    public LearningRateScheduleKind Kind { get; }

    /// <summary>The rate η reached at the end of warm-up.</summary>
    public double PeakLearningRate { get; }

    /// <summary>Warm-up steps W (0 for none).</summary>
    public long WarmupSteps { get; }

    /// <summary>Total steps N of the decay (unused by <see cref="LearningRateScheduleKind.Constant"/>, where it is 0).</summary>
    public long TotalSteps { get; }

    /// <summary>The rate η_min reached at step N (0 for <see cref="LearningRateScheduleKind.Constant"/>).</summary>
    public double MinimumLearningRate { get; }

    /// <summary>A constant rate, optionally after a linear warm-up.</summary>
    /// <param name="learningRate">The rate η ≥ 0.</param>
    /// <param name="warmupSteps">Warm-up steps W ≥ 0.</param>
    /// <returns>The schedule.</returns>
    public static LearningRateSchedule Constant(double learningRate, long warmupSteps = 0) =>
        new(LearningRateScheduleKind.Constant, learningRate, warmupSteps, 0, 0);

    /// <summary>Linear warm-up to the peak, then cosine decay to the minimum at <paramref name="totalSteps"/>.</summary>
    /// <param name="peakLearningRate">The peak rate η ≥ 0.</param>
    /// <param name="warmupSteps">Warm-up steps W ≥ 0.</param>
    /// <param name="totalSteps">Total steps N ≥ max(1, W).</param>
    /// <param name="minimumLearningRate">The final rate η_min in [0, η].</param>
    /// <returns>The schedule.</returns>
    public static LearningRateSchedule Cosine(double peakLearningRate, long warmupSteps, long totalSteps, double minimumLearningRate = 0) =>
        new(LearningRateScheduleKind.Cosine, peakLearningRate, warmupSteps, totalSteps, minimumLearningRate);

    /// <summary>Linear warm-up to the peak, then linear decay to the minimum at <paramref name="totalSteps"/>.</summary>
    /// <param name="peakLearningRate">The peak rate η ≥ 0.</param>
    /// <param name="warmupSteps">Warm-up steps W ≥ 0.</param>
    /// <param name="totalSteps">Total steps N ≥ max(1, W).</param>
    /// <param name="minimumLearningRate">The final rate η_min in [0, η].</param>
    /// <returns>The schedule.</returns>
    public static LearningRateSchedule Linear(double peakLearningRate, long warmupSteps, long totalSteps, double minimumLearningRate = 0) =>
        new(LearningRateScheduleKind.Linear, peakLearningRate, warmupSteps, totalSteps, minimumLearningRate);

    /// <summary>Rebuilds a schedule from its parts (as stored in a checkpoint), validating them.</summary>
    /// <param name="kind">The shape.</param>
    /// <param name="peakLearningRate">η.</param>
    /// <param name="warmupSteps">W.</param>
    /// <param name="totalSteps">N.</param>
    /// <param name="minimumLearningRate">η_min.</param>
    /// <returns>The schedule.</returns>
    public static LearningRateSchedule Create(LearningRateScheduleKind kind, double peakLearningRate, long warmupSteps, long totalSteps, double minimumLearningRate) =>
        kind switch
        {
            LearningRateScheduleKind.Constant => Constant(peakLearningRate, warmupSteps),
            LearningRateScheduleKind.Cosine => Cosine(peakLearningRate, warmupSteps, totalSteps, minimumLearningRate),
            LearningRateScheduleKind.Linear => Linear(peakLearningRate, warmupSteps, totalSteps, minimumLearningRate),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, $"Unknown schedule kind {kind}."),
        };

    /// <summary>The learning rate of optimiser step <paramref name="step"/> (0-based).</summary>
    /// <param name="step">The step, ≥ 0.</param>
    /// <returns>The rate.</returns>
    public double LearningRateAt(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        if (step < WarmupSteps)
            return PeakLearningRate * step / WarmupSteps;
        if (Kind == LearningRateScheduleKind.Constant)
            return PeakLearningRate;
        var progress = Math.Min(1.0, (double)(step - WarmupSteps) / Math.Max(1, TotalSteps - WarmupSteps));
        var factor = Kind == LearningRateScheduleKind.Cosine ? 0.5 * (1 + Math.Cos(Math.PI * progress)) : 1 - progress;
        return MinimumLearningRate + (PeakLearningRate - MinimumLearningRate) * factor;
    }

    /// <summary>Sets the learning rate of every parameter group of <paramref name="optimizer"/> to that of <paramref name="step"/>.</summary>
    /// <param name="optimizer">A TorchSharp optimiser (its <c>ParamGroups</c>' <c>LearningRate</c> is set).</param>
    /// <param name="step">The step about to be taken, ≥ 0.</param>
    /// <returns>The rate set.</returns>
    public double Apply(torch.optim.Optimizer optimizer, long step)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var rate = LearningRateAt(step);
        foreach (var group in optimizer.ParamGroups)
            group.LearningRate = rate;
        return rate;
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Kind}(peak {PeakLearningRate:R}, warm-up {WarmupSteps}, total {TotalSteps}, minimum {MinimumLearningRate:R})");
}
