namespace Rag.Api.Tests.Support;

/// <summary>Finds the team's shared evaluation material (../shared next to the repository). Tests that need it
/// fail with a clear message when it is missing rather than passing vacuously.</summary>
public static class SharedData
{
    public static string Root { get; } = Locate();

    public static string Pdfs => Path.Combine(Root, "eval", "pdfs");
    public static string Pdf(string relative) => Path.Combine(Pdfs, relative);

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "eval");
            if (Directory.Exists(candidate)) return Path.Combine(dir.FullName, "shared");
        }
        throw new DirectoryNotFoundException("The shared evaluation data (../shared/eval next to the repository) was not found; these tests need it.");
    }
}
