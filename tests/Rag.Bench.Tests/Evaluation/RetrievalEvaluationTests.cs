using Rag.Eval;

namespace Rag.Bench.Tests.Evaluation;

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
            Modes: ["keyword"], Top: 10, Model: null, ServiceUrl: service.Address);

        var report = await RetrievalEvaluation.RunAsync(options, TextWriter.Null);

        // d1 has two chunks matching "aspirin"; counted twice it would push d2 down and lower nDCG.
        Assert.Equal("nDCG@10=1.0000 Recall@10=1.0000 Recall@100=1.0000", report.Modes[0].Scores.ToString());
        Assert.Equal(2, report.Modes[0].Scores.QueryCount);
        Assert.Equal(3, report.DocumentCount);
        Assert.All(service.RequestedTops, top => Assert.Equal(30, top));
    }

    [Fact]
    public async Task Evaluates_several_modes_and_fused_weights_on_one_ingestion_ending_with_the_last_modes_line()
    {
        await using var service = await FakeRagService.StartAsync();
        var options = new RetrievalOptions(
            Write("corpus.jsonl", """
                {"_id": "d1", "title": "Aspirin", "text": "Aspirin lowers fever."}
                {"_id": "d2", "title": "Vitamin C", "text": "Unlike aspirin, vitamin C does not lower fever."}
                """),
            Write("queries.jsonl", """{"_id": "q1", "text": "aspirin"}"""),
            Write("qrels.tsv", "q1\td1\t1\n"),
            Modes: ["keyword", "vector"], Top: 10, Model: null, ServiceUrl: service.Address, VectorWeights: [1f, 0.5f]);

        var report = await RetrievalEvaluation.RunAsync(options, TextWriter.Null);
        var lines = report.Lines().ToList();

        // Keyword ranks d1 first, the fake's reversed "vector" leg d2 first.
        Assert.Equal("mode=keyword nDCG@10=1.0000 Recall@10=1.0000 Recall@100=1.0000", lines[^2]);
        Assert.StartsWith("mode=vector nDCG@10=0.6309 ", lines[^1]);
        // Fused: d1's chunks are keyword 1 and 2, vector 3 and 2; d2's keyword 3 and vector 1. At w=1 d1's best chunk
        // (1/61 + 1/63) ties with d2's (1/63 + 1/61) and stays first, as seen first; at w=0.5 it wins (1/61 + 0.5/63 > 1/63 + 0.5/61).
        Assert.Equal(["mode=hybrid@w=1 nDCG@10=1.0000 Recall@10=1.0000 Recall@100=1.0000", "mode=hybrid@w=0.5 nDCG@10=1.0000 Recall@10=1.0000 Recall@100=1.0000"],
            lines[^4..^2]);
        // The modes ask for top * 3 chunks; the fusion legs for at least the service's fusion depth of 50.
        Assert.Equal([30, 30, 50, 50], service.RequestedTops.Order());
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content);
        return path;
    }
}
