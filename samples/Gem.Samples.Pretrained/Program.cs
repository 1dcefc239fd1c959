using Gem.Samples.Common;
using Gem.Samples.Pretrained.Cli;

// The pretrained-model sample: Karpathy's stories260K (llama2.c) through Gem's reference Llama.
//   generate --greedy --max-new-tokens 256        prints only the completion (compare with stories260K.md)
//   candidates --prompt "Once upon a time" -k 4   samples k candidates and prints each with its GEM score and parts
//   train --steps 12                              a few GEM steps: each step's metrics, and how the scores moved
return OptionRules.InvokeReportingInputErrors(PretrainedCommand.Create(Console.Out), args);
