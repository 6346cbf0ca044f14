namespace Rag.Testing.Documents;

/// <summary>The shared corpus of real PDFs (shared/eval/pdfs next to the repository), described by its MANIFEST.tsv.</summary>
public static class EvalPdfs
{
    private static readonly Lazy<string> FolderPath = new(Locate);
    private static readonly Lazy<IReadOnlyList<ManifestEntry>> Entries = new(ReadManifest);

    public static string Folder => FolderPath.Value;
    public static IReadOnlyList<ManifestEntry> Manifest => Entries.Value;

    public static string PathOf(string relativePath) => Path.Combine(Folder, relativePath);

    public static ManifestEntry Entry(string relativePath) => Manifest.Single(e => e.File == relativePath);

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "eval", "pdfs");
            if (File.Exists(Path.Combine(candidate, "MANIFEST.tsv")))
                return candidate;
        }
        throw new InvalidOperationException(
            $"The evaluation PDFs were not found: expected a 'shared/eval/pdfs' folder with MANIFEST.tsv beside the repository (searched upwards from {AppContext.BaseDirectory}).");
    }

    private static IReadOnlyList<ManifestEntry> ReadManifest()
    {
        var lines = File.ReadAllLines(Path.Combine(Folder, "MANIFEST.tsv"));
        var header = lines[0].Split('\t');
        int Column(string name) => Array.IndexOf(header, name);
        return lines.Skip(1)
            .Where(line => line.Length > 0)
            .Select(line => line.Split('\t'))
            .Select(cells => new ManifestEntry(
                cells[Column("file")],
                int.TryParse(cells[Column("pdfjs_pages")], out var pages) ? pages : null,
                cells[Column("pdfjs_result")]))
            .ToList();
    }
}

public sealed record ManifestEntry(string File, int? PdfjsPages, string PdfjsResult)
{
    public bool PdfjsOpened => PdfjsResult == "ok";
}
