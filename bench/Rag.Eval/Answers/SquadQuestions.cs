using System.Text.Json;
using Rag.Eval.Beir;

namespace Rag.Eval.Answers;

/// <summary>A SQuAD question with its paragraph (a corpus id), its article (for splitting the set without sharing a
/// paragraph between halves) and its gold answers; none when the paragraph cannot answer it (SQuAD 2.0 is_impossible).</summary>
public sealed record SquadQuestion(string Id, string Text, string ParagraphId, int Article, IReadOnlyList<string> GoldAnswers)
{
    public bool Answerable => GoldAnswers.Count > 0;
}

public sealed record SquadSet(List<CorpusDocument> Paragraphs, List<SquadQuestion> Questions);

/// <summary>Reads a SQuAD-format file (SQuAD 1.1/2.0, CMRC 2018) for answer evaluation: every paragraph a document
/// (numbered p1, p2, … as <see cref="Squad.SquadDataset"/> numbers them), every question with its gold answers.</summary>
public static class SquadQuestions
{
    public static SquadSet Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var json = JsonDocument.Parse(stream);
        if (!json.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            throw new FormatException($"{path}: expected a SQuAD file, an object with a 'data' array of articles.");

        var paragraphs = new List<CorpusDocument>();
        var questions = new List<SquadQuestion>();
        var ids = new HashSet<string>();
        var article = 0;
        foreach (var articleElement in data.EnumerateArray())
        {
            var title = articleElement.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (!articleElement.TryGetProperty("paragraphs", out var paragraphElements) || paragraphElements.ValueKind != JsonValueKind.Array)
                throw new FormatException($"{path}: article '{title}' has no 'paragraphs' array.");
            foreach (var paragraph in paragraphElements.EnumerateArray())
            {
                var context = paragraph.TryGetProperty("context", out var c) ? c.GetString() : null;
                if (string.IsNullOrWhiteSpace(context)) continue;
                var paragraphId = $"p{paragraphs.Count + 1}";
                paragraphs.Add(new CorpusDocument(paragraphId, title, context));
                if (!paragraph.TryGetProperty("qas", out var qas)) continue;
                foreach (var qa in qas.EnumerateArray())
                {
                    var text = qa.TryGetProperty("question", out var q) ? q.GetString() : null;
                    var id = qa.TryGetProperty("id", out var i) ? i.ToString() : null;
                    if (string.IsNullOrWhiteSpace(text) || string.IsNullOrEmpty(id)) continue;
                    if (!ids.Add(id)) throw new FormatException($"{path}: question id '{id}' occurs twice.");
                    var impossible = qa.TryGetProperty("is_impossible", out var imp) && imp.ValueKind == JsonValueKind.True;
                    var gold = impossible || !qa.TryGetProperty("answers", out var answers) ? [] : answers.EnumerateArray()
                        .Select(a => a.TryGetProperty("text", out var at) ? at.GetString() : null)
                        .Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a!).Distinct().ToList();
                    if (!impossible && gold.Count == 0) continue;
                    questions.Add(new SquadQuestion(id, text.Trim(), paragraphId, article, gold));
                }
            }
            article++;
        }
        return new SquadSet(paragraphs, questions);
    }
}
