namespace Gem.Core.Training;

/// <summary>The shape of a <see cref="LearningRateSchedule"/> after its warm-up.</summary>
public enum LearningRateScheduleKind
{
    /// <summary>The peak rate until the end.</summary>
    Constant = 0,

    /// <summary>Half a cosine from the peak rate down to the minimum rate at the last step.</summary>
    Cosine = 1,

    /// <summary>A straight line from the peak rate down to the minimum rate at the last step.</summary>
    Linear = 2,
}
