namespace Gem.Benchmarks;

/// <summary>
/// One suite that <c>./build.sh bench NAME</c> runs. Implementations are found by reflection, so adding a suite means
/// adding a class, not editing <see cref="Program"/>.
/// </summary>
internal interface IBenchmarkSuite
{
    /// <summary>The name on the command line, lower case (for example <c>entropy</c>).</summary>
    string Name { get; }

    /// <summary>One line for the list of suites.</summary>
    string Description { get; }

    /// <summary>Runs the suite; <paramref name="args"/> are the arguments after the suite name.</summary>
    /// <returns>The process exit code: 0 when every target of the suite is met.</returns>
    int Run(string[] args);
}
