namespace Gem.Samples.QuickStart.Experiment;

/// <summary>Held-out answer accuracy after a number of optimiser steps.</summary>
/// <param name="Step">Optimiser steps taken.</param>
/// <param name="AnswerAccuracy">Held-out answer accuracy, in [0, 1].</param>
public sealed record CurvePoint(long Step, double AnswerAccuracy);

/// <summary>One method trained with one seed from the warm start, and what it scored on the held-out set.</summary>
/// <param name="Method">The method's name.</param>
/// <param name="Seed">The training seed.</param>
/// <param name="Scores">Held-out scores after the last step.</param>
/// <param name="TrainingSeconds">Wall-clock time of the optimiser steps (evaluations excluded).</param>
/// <param name="Losses">The loss of every step (each method's own loss).</param>
/// <param name="Curve">Held-out answer accuracy at the start, the curve points and the end.</param>
public sealed record RunResult(string Method, int Seed, HeldOutScores Scores, double TrainingSeconds, IReadOnlyList<double> Losses, IReadOnlyList<CurvePoint> Curve);
