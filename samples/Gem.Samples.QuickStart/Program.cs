using Gem.Samples.QuickStart;
using Gem.Samples.QuickStart.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C stops between two steps; a second one ends the process.
    if (!cancellation.IsCancellationRequested)
    {
        e.Cancel = true;
        cancellation.Cancel();
    }
};

return DemoCommand.Create(settings => DemoRun.Run(settings, Console.Out, !Console.IsOutputRedirected, cancellation.Token)).Parse(args).Invoke();
