namespace Rag.Onnx.Models;

public static class ModelLicense
{
    /// <summary>The licence a model folder states: README front-matter "license:", else the LICENSE file's title line.</summary>
    public static string? Find(string folder)
    {
        var readme = Path.Combine(folder, "README.md");
        if (File.Exists(readme) && FromFrontMatter(File.ReadLines(readme)) is { } fromReadme) return fromReadme;
        var licenseFile = new[] { "LICENSE", "LICENSE.txt", "LICENSE.md" }.Select(f => Path.Combine(folder, f)).FirstOrDefault(File.Exists);
        return licenseFile is null ? null : File.ReadLines(licenseFile).Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
    }

    private static string? FromFrontMatter(IEnumerable<string> lines)
    {
        using var line = lines.GetEnumerator();
        if (!line.MoveNext() || line.Current.Trim() != "---") return null;
        while (line.MoveNext() && line.Current.Trim() != "---")
        {
            var text = line.Current.Trim();
            if (text.StartsWith("license:", StringComparison.OrdinalIgnoreCase))
                return text["license:".Length..].Trim().Trim('"', '\'');
        }
        return null;
    }
}
