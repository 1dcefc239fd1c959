namespace Gem.Samples.QuickStart.Calibration;

/// <summary>How well one score picks correct candidates.</summary>
/// <param name="Name">The score: <c>gem</c> (S), <c>neg-final-entropy</c> (−H_final), <c>fork-term</c> (F) or <c>mean-log-prob</c>.</param>
/// <param name="BestOfKAccuracy">Accuracy of the candidate with the best score in each group.</param>
/// <param name="Auroc">AUROC of the score for correctness over all candidates; null when all are correct or all wrong.</param>
/// <param name="WithinGroupAuroc">AUROC over (correct, wrong) pairs of the same prompt; null when there are none.</param>
public sealed record ScoreCalibration(string Name, double BestOfKAccuracy, double? Auroc, double? WithinGroupAuroc);

/// <summary>The paper's core assumption checked on held-out prompts: does a low-entropy candidate tend to be correct?</summary>
/// <param name="Model">Which model sampled and scored (e.g. <c>warm start</c>).</param>
/// <param name="Prompts">Held-out prompts.</param>
/// <param name="CandidatesPerPrompt">k.</param>
/// <param name="Temperature">Sampling temperature.</param>
/// <param name="RandomPickAccuracy">Expected accuracy of a uniformly random candidate.</param>
/// <param name="OracleAccuracy">Fraction of prompts with at least one correct candidate (pass@k).</param>
/// <param name="AnswerFoundFraction">Fraction of candidates with an answer marker.</param>
/// <param name="Scores">Best-of-k and AUROC for each score.</param>
public sealed record CalibrationReport(
    string Model,
    int Prompts,
    int CandidatesPerPrompt,
    double Temperature,
    double RandomPickAccuracy,
    double OracleAccuracy,
    double AnswerFoundFraction,
    IReadOnlyList<ScoreCalibration> Scores);
