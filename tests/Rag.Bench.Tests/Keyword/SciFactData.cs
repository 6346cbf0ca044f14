namespace Rag.Bench.Tests.Keyword;

/// <summary>
/// The SciFact benchmark in BEIR format: taken from RAG_SCIFACT_DIR, else from shared/eval/scifact in the nearest
/// folder above the test binaries that has one.
/// </summary>
public static class SciFactData
{
    /// <summary>The data folder; throws with a clear message where it is absent, so tests needing it fail, never pass vacuously.</summary>
    public static string Folder => Located ?? throw new DirectoryNotFoundException(
        "SciFact data not found: set RAG_SCIFACT_DIR or place it in shared/eval/scifact above the repository.");

    private static readonly string? Located = Locate();

    private static string? Locate()
    {
        var configured = Environment.GetEnvironmentVariable("RAG_SCIFACT_DIR");
        if (!string.IsNullOrEmpty(configured))
            return configured;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "eval", "scifact");
            if (File.Exists(Path.Combine(candidate, "corpus.jsonl")))
                return candidate;
        }
        return null;
    }
}
