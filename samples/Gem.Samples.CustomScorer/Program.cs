using Gem.Samples.Common;
using Gem.Samples.CustomScorer.Cli;

// Your own IEntropyScorer in Gem: AnswerSpreadScorer (S' = −H_final + λ·F − γ·σ_answer) beside the library's GEM score
// on one prompt's candidates, then plugged into GemTrainer for a few steps on stories260K. --help lists the options.
return OptionRules.InvokeReportingInputErrors(CustomScorerCommand.Create(Console.Out), args);
