namespace Gem.Samples.QuickStart.Cli;

/// <summary>How long the demo runs.</summary>
public enum DemoMode
{
    /// <summary>About 2 minutes on 2 CPU cores (<c>--quick</c>).</summary>
    Quick,

    /// <summary>About 10 minutes on 2 CPU cores (the default).</summary>
    Default,

    /// <summary>A longer run with more seeds, steps and data (<c>--full</c>).</summary>
    Full,
}
