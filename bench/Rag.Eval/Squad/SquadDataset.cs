using System.Text.Json;
using Rag.Eval.Beir;

namespace Rag.Eval.Squad;

/// <summary>
/// Reads a SQuAD-format file (SQuAD 1.1/2.0, CMRC 2018) as a retrieval benchmark: every paragraph becomes a document
/// (its article's title, a blank line, the context), every answerable question a query whose only relevant document
/// is its own paragraph. Questions marked <c>is_impossible</c> (SQuAD 2.0) have no answer in the text and are skipped.
/// </summary>
public static class SquadDataset
{
    public static EvaluationDataset Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var json = JsonDocument.Parse(stream);
        if (!json.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            throw new FormatException($"{path}: expected a SQuAD file, an object with a 'data' array of articles.");

        var corpus = new List<CorpusDocument>();
        var queries = new List<BeirQuery>();
        var qrels = new Dictionary<string, Dictionary<string, int>>();
        foreach (var article in data.EnumerateArray())
        {
            var title = article.TryGetProperty("title", out var titleElement) && titleElement.ValueKind == JsonValueKind.String
                ? titleElement.GetString() : null;
            if (!article.TryGetProperty("paragraphs", out var paragraphs) || paragraphs.ValueKind != JsonValueKind.Array)
                throw new FormatException($"{path}: article '{title}' has no 'paragraphs' array.");
            foreach (var paragraph in paragraphs.EnumerateArray())
            {
                var context = paragraph.TryGetProperty("context", out var contextElement) ? contextElement.GetString() : null;
                if (string.IsNullOrWhiteSpace(context))
                    continue;
                // Paragraph ids are not unique in every SQuAD variant (nor safe as file names): number them instead.
                var documentId = $"p{corpus.Count + 1}";
                corpus.Add(new CorpusDocument(documentId, title, context));
                if (!paragraph.TryGetProperty("qas", out var questions))
                    continue;
                foreach (var question in questions.EnumerateArray())
                {
                    if (question.TryGetProperty("is_impossible", out var impossible) && impossible.ValueKind == JsonValueKind.True)
                        continue;
                    var text = question.TryGetProperty("question", out var textElement) ? textElement.GetString() : null;
                    var id = question.TryGetProperty("id", out var idElement) ? idElement.ToString() : null;
                    if (string.IsNullOrWhiteSpace(text) || string.IsNullOrEmpty(id))
                        continue;
                    if (qrels.ContainsKey(id))
                        throw new FormatException($"{path}: question id '{id}' occurs twice.");
                    queries.Add(new BeirQuery(id, text.Trim()));
                    qrels[id] = new Dictionary<string, int> { [documentId] = 1 };
                }
            }
        }
        return new EvaluationDataset(corpus, queries, qrels);
    }
}
