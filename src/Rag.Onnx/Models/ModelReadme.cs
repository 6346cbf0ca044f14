namespace Rag.Onnx.Models;

/// <summary>What a model folder's README.md front matter (the Hugging Face model-card header) states about the model.</summary>
public sealed class ModelReadme
{
    private readonly Dictionary<string, List<string>> _fields;

    private ModelReadme(Dictionary<string, List<string>> fields) => _fields = fields;

    public static ModelReadme Read(string folder)
    {
        var readme = Path.Combine(folder, "README.md");
        return new ModelReadme(File.Exists(readme) ? ParseFrontMatter(File.ReadLines(readme)) : []);
    }

    /// <summary>The stated licence, else the LICENSE file's title line.</summary>
    public string? License(string folder)
    {
        if (Values("license").FirstOrDefault() is { } stated) return stated;
        var licenseFile = new[] { "LICENSE", "LICENSE.txt", "LICENSE.md" }.Select(f => Path.Combine(folder, f)).FirstOrDefault(File.Exists);
        return licenseFile is null ? null : File.ReadLines(licenseFile).Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
    }

    /// <summary>The languages the model covers as its card lists them (ISO codes such as "en", "zh"), or
    /// ["unknown"] when the card does not say.</summary>
    public IReadOnlyList<string> Languages =>
        Values("language") is { Count: > 0 } stated ? stated.Select(l => l.ToLowerInvariant()).ToList() : [UnknownLanguage];

    public const string UnknownLanguage = "unknown";

    private IReadOnlyList<string> Values(string key) => _fields.TryGetValue(key, out var values) ? values : [];

    /// <summary>Reads "key: value", "key: [a, b]" and "key:" followed by "- item" lines between the two "---" lines.</summary>
    private static Dictionary<string, List<string>> ParseFrontMatter(IEnumerable<string> lines)
    {
        var fields = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        using var line = lines.GetEnumerator();
        if (!line.MoveNext() || line.Current.Trim() != "---") return fields;
        List<string>? current = null;
        while (line.MoveNext() && line.Current.Trim() != "---")
        {
            var text = line.Current.Trim();
            if (text.StartsWith("- "))
            {
                current?.Add(Unquote(text[2..]));
                continue;
            }
            var colon = text.IndexOf(':');
            if (colon <= 0 || char.IsWhiteSpace(line.Current[0])) { current = null; continue; }
            current = fields[text[..colon].Trim()] = [];
            var value = text[(colon + 1)..].Trim();
            if (value.StartsWith('[') && value.EndsWith(']'))
                current.AddRange(value[1..^1].Split(',').Select(Unquote).Where(v => v.Length > 0));
            else if (value.Length > 0)
                current.Add(Unquote(value));
        }
        return fields;
    }

    private static string Unquote(string value) => value.Trim().Trim('"', '\'');
}
