using Rag.Eval;

namespace Rag.Infrastructure.Tests.Evaluation;

public class RetrievalEvaluationTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("eval-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Evaluates_through_the_http_api_ranking_each_document_by_its_best_chunk()
    {
        await using var service = await FakeRagService.StartAsync();
        var options = new RetrievalOptions(
            Write("corpus.jsonl", """
                {"_id": "d1", "title": "Aspirin", "text": "Aspirin lowers fever."}
                {"_id": "d2", "title": "Vitamin C", "text": "Unlike aspirin, vitamin C does not lower fever."}
                {"_id": "d3", "title": "Glaciers", "text": "Glaciers are melting."}
                """),
            Write("queries.jsonl", """
                {"_id": "q1", "text": "aspirin"}
                {"_id": "q2", "text": "melting glaciers"}
                {"_id": "unjudged", "text": "vitamin"}
                """),
            Write("qrels.tsv", "query-id\tcorpus-id\tscore\nq1\td1\t2\nq1\td2\t1\nq2\td3\t1\n"),
            Mode: "keyword", Top: 10, Model: null, ServiceUrl: service.Address);

        var report = await RetrievalEvaluation.RunAsync(options, TextWriter.Null);

        // d1 has two chunks matching "aspirin"; counted twice it would push d2 down and lower nDCG.
        Assert.Equal("nDCG@10=1.0000 Recall@10=1.0000 Recall@100=1.0000", report.Scores.ToString());
        Assert.Equal(2, report.Scores.QueryCount);
        Assert.Equal(3, report.DocumentCount);
        Assert.All(service.RequestedTops, top => Assert.Equal(30, top));
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content);
        return path;
    }
}
