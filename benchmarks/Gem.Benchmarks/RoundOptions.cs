namespace Gem.Benchmarks;

/// <summary>The options every round-robin suite takes: <c>--quick</c>, <c>--rounds R</c>, <c>--iterations I</c> and
/// <c>--threads T</c> (torch intra-op threads, applied when parsed).</summary>
/// <param name="Quick">Whether <c>--quick</c> was given.</param>
/// <param name="Rounds">Rounds (see <see cref="RoundRobinOrderer"/>).</param>
/// <param name="Iterations">Measured iterations per round.</param>
internal sealed record RoundOptions(bool Quick, int Rounds, int Iterations)
{
    /// <summary>Parses the options, applying <c>--threads</c>; on a bad value prints it to standard error.</summary>
    /// <param name="args">The suite's arguments.</param>
    /// <param name="rounds">Default rounds as (quick, full).</param>
    /// <param name="iterations">Default iterations as (quick, full).</param>
    /// <param name="options">The parsed options, or null.</param>
    /// <returns>Whether the options were valid (the suite exits with 2 otherwise).</returns>
    public static bool TryParse(string[] args, (int Quick, int Full) rounds, (int Quick, int Full) iterations, out RoundOptions? options)
    {
        var quick = args.Contains("--quick");
        try
        {
            options = new RoundOptions(
                quick,
                MachineLoad.PositiveOption(args, "--rounds", quick ? rounds.Quick : rounds.Full),
                MachineLoad.PositiveOption(args, "--iterations", quick ? iterations.Quick : iterations.Full));
            if (args.Contains("--threads"))
                TorchSharp.torch.set_num_threads(MachineLoad.PositiveOption(args, "--threads", 1));
            return true;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            options = null;
            return false;
        }
    }
}
