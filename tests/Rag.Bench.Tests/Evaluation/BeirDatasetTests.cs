using Rag.Eval.Beir;

namespace Rag.Bench.Tests.Evaluation;

public class BeirDatasetTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("beir-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Qrels_skip_the_header_and_keep_graded_relevance()
    {
        var path = Write("qrels.tsv", "query-id\tcorpus-id\tscore\n1\tdocA\t2\n1\tdocB\t0\n2\tdocC\t1\n");

        var qrels = BeirDataset.LoadQrels(path);

        Assert.Equal(2, qrels["1"]["docA"]);
        Assert.Equal(0, qrels["1"]["docB"]);
        Assert.Equal(["1", "2"], qrels.Keys.Order());
    }

    [Fact]
    public void Malformed_qrels_line_is_reported_with_its_line_number()
    {
        var path = Write("qrels.tsv", "query-id\tcorpus-id\tscore\n1\tdocA\n");

        var error = Assert.Throws<FormatException>(() => BeirDataset.LoadQrels(path));
        Assert.Contains(":2:", error.Message);
    }

    [Fact]
    public void Corpus_content_is_title_blank_line_text()
    {
        var path = Write("corpus.jsonl", """
            {"_id": "7", "title": "Aspirin", "text": "Reduces fever.", "metadata": {}}
            {"_id": "8", "title": "", "text": "No title."}
            """);

        var corpus = BeirDataset.LoadCorpus(path);

        Assert.Equal("Aspirin\n\nReduces fever.", corpus[0].Content);
        Assert.Equal("No title.", corpus[1].Content);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content);
        return path;
    }
}
