using BenchmarkDotNet.Running;

namespace Gem.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release --project benchmarks/Gem.Benchmarks -- [suite] [BenchmarkDotNet args]</c>.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
