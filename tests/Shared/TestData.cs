namespace Gem.Testing;

/// <summary>
/// Finds the shared data folder (<c>GEM_DATA_DIR</c>, else <c>../shared/data</c> above the repository root). Tests that
/// need it fail, never skip, when it is absent: CI must not pass on tests that did not run.
/// </summary>
internal static class TestData
{
    /// <summary>The data folder, or an exception that says where it was looked for.</summary>
    public static string Directory
    {
        get
        {
            var fromEnvironment = Environment.GetEnvironmentVariable("GEM_DATA_DIR");
            if (!string.IsNullOrEmpty(fromEnvironment))
            {
                if (System.IO.Directory.Exists(fromEnvironment))
                    return fromEnvironment;
                throw new DirectoryNotFoundException($"GEM_DATA_DIR is '{fromEnvironment}', which does not exist.");
            }

            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (System.IO.File.Exists(Path.Combine(dir.FullName, "Gem.sln")))
                {
                    var candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
                    if (System.IO.Directory.Exists(candidate))
                        return candidate;
                    throw new DirectoryNotFoundException($"The shared data folder was expected at '{candidate}'; set GEM_DATA_DIR to its location.");
                }
            }

            throw new DirectoryNotFoundException("The repository root (Gem.sln) was not found above the test binaries; set GEM_DATA_DIR.");
        }
    }

    /// <summary>The full path of <paramref name="relativePath"/> inside the data folder; throws when the file is missing.</summary>
    public static string File(string relativePath)
    {
        var path = Path.Combine(Directory, relativePath);
        if (!System.IO.File.Exists(path))
            throw new FileNotFoundException($"The shared data file '{relativePath}' is missing from '{Directory}'.", path);
        return path;
    }
}
