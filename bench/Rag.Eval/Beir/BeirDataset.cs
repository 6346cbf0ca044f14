using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rag.Eval.Beir;

public sealed record CorpusDocument(
    [property: JsonPropertyName("_id")] string Id,
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("text")] string? Text)
{
    /// <summary>The text a service gets for this document: title, blank line, body.</summary>
    public string Content => string.IsNullOrEmpty(Title) ? Text ?? "" : Title + "\n\n" + Text;
}

public sealed record BeirQuery(
    [property: JsonPropertyName("_id")] string Id,
    [property: JsonPropertyName("text")] string Text);

/// <summary>Reads the BEIR benchmark format: corpus and queries as JSON lines, relevance judgements as TSV.</summary>
public static class BeirDataset
{
    public static List<CorpusDocument> LoadCorpus(string path) => ReadJsonLines<CorpusDocument>(path);

    public static List<BeirQuery> LoadQueries(string path) => ReadJsonLines<BeirQuery>(path);

    /// <summary>Query id -> (corpus id -> graded relevance). Skips the header line <c>query-id corpus-id score</c>.</summary>
    public static Dictionary<string, Dictionary<string, int>> LoadQrels(string path)
    {
        var qrels = new Dictionary<string, Dictionary<string, int>>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            var parts = line.Split('\t');
            if (parts.Length < 3 || !int.TryParse(parts[2], out var relevance))
            {
                if (lineNumber == 1)
                    continue;
                throw new FormatException($"{path}:{lineNumber}: expected 'query-id<TAB>corpus-id<TAB>score'.");
            }
            if (!qrels.TryGetValue(parts[0], out var judged))
                qrels[parts[0]] = judged = [];
            judged[parts[1]] = relevance;
        }
        return qrels;
    }

    private static List<T> ReadJsonLines<T>(string path)
    {
        var items = new List<T>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            items.Add(JsonSerializer.Deserialize<T>(line)
                ?? throw new FormatException($"{path}:{lineNumber}: empty JSON value."));
        }
        return items;
    }
}
