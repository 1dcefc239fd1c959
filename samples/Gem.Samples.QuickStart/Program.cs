using Gem.Samples.QuickStart;
using Gem.Samples.QuickStart.Cli;

return DemoCommand.Create(settings => DataPreview.Run(settings, Console.Out)).Parse(args).Invoke();
