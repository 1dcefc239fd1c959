namespace Gem.Samples.QuickStart.Experiment;

/// <summary>Where a running experiment is.</summary>
/// <param name="Stage">What is running (e.g. <c>warm start</c>, <c>gem seed 2</c>, <c>evaluate</c>).</param>
/// <param name="Done">Units done in this stage.</param>
/// <param name="Total">Units in this stage (0 when unknown).</param>
/// <param name="Detail">A short status (e.g. the latest loss).</param>
/// <param name="Finished">Whether this report closes the stage.</param>
public sealed record ExperimentProgress(string Stage, long Done, long Total, string Detail, bool Finished = false);
