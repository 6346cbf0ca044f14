using Rag.Eval;

namespace Rag.Bench.Tests.Evaluation;

public class RetrievalOptionsTests : IDisposable
{
    private readonly string file = Path.GetTempFileName();

    public void Dispose() => File.Delete(file);

    [Fact]
    public void Defaults_to_keyword_mode_top_100_and_an_in_process_service()
    {
        var options = RetrievalOptions.Parse(["--corpus", file, "--queries", file, "--qrels", file]);

        Assert.Equal(("keyword", 100, "none", null), (options.Mode, options.Top, options.Model, options.ServiceUrl));
        Assert.Equal(["keyword"], options.Modes);
        Assert.Empty(options.VectorWeights!);
    }

    [Fact]
    public void A_comma_list_of_modes_keeps_its_order_and_uses_the_services_default_model()
    {
        var options = RetrievalOptions.Parse(["--corpus", file, "--queries", file, "--qrels", file, "--mode", "hybrid,keyword,vector"]);

        Assert.Equal(["hybrid", "keyword", "vector"], options.Modes);
        Assert.Null(options.Model);
    }

    [Fact]
    public void Vector_weights_are_read_invariantly_in_the_order_given()
    {
        var options = RetrievalOptions.Parse(
            ["--corpus", file, "--queries", file, "--qrels", file, "--mode", "hybrid", "--vector-weights", "0.5, 1,1.5,2", "--model", "all-MiniLM-L6-v2"]);

        Assert.Equal([0.5f, 1f, 1.5f, 2f], options.VectorWeights!);
        Assert.Equal("all-MiniLM-L6-v2", options.Model);
    }

    [Fact]
    public void Vector_weights_alone_need_an_embedding_model_so_keyword_mode_does_not_default_to_none()
    {
        var options = RetrievalOptions.Parse(["--corpus", file, "--queries", file, "--qrels", file, "--vector-weights", "1"]);

        Assert.Null(options.Model);
    }

    [Theory]
    [InlineData("keyword,vector", "--mode vector needs an embedding model")]
    [InlineData("hybrid", "--mode hybrid needs an embedding model")]
    public void Vector_modes_with_model_none_are_refused(string modes, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            RetrievalOptions.Parse(["--corpus", file, "--queries", file, "--qrels", file, "--mode", modes, "--model", "none"]));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Vector_weights_with_model_none_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            RetrievalOptions.Parse(["--corpus", file, "--queries", file, "--qrels", file, "--vector-weights", "1", "--model", "none"]));

        Assert.Contains("--vector-weights needs an embedding model", error.Message);
    }

    [Fact]
    public void Squad_replaces_the_three_beir_files()
    {
        var options = RetrievalOptions.Parse(["--squad", file, "--mode", "keyword"]);

        Assert.Equal((file, null, null, null), (options.SquadPath, options.CorpusPath, options.QueriesPath, options.QrelsPath));
        Assert.Equal("none", options.Model);
    }

    [Fact]
    public void A_missing_squad_file_is_named()
    {
        var error = Assert.Throws<ArgumentException>(() => RetrievalOptions.Parse(["--squad", "/no/such.json"]));

        Assert.Contains("--squad file not found: /no/such.json", error.Message);
    }

    [Fact]
    public void Squad_together_with_a_beir_file_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => RetrievalOptions.Parse(["--squad", file, "--qrels", file]));

        Assert.Contains("--squad replaces --corpus, --queries and --qrels; --qrels cannot go with it", error.Message);
    }

    [Fact]
    public void Without_squad_or_corpus_the_corpus_is_asked_for()
    {
        var error = Assert.Throws<ArgumentException>(() => RetrievalOptions.Parse(["--mode", "keyword"]));

        Assert.Contains("--corpus is required (or give --squad)", error.Message);
    }

    [Theory]
    [InlineData("--mode", "bm25", "--mode must be one of")]
    [InlineData("--mode", "keyword,bm25", "not 'bm25'")]
    [InlineData("--mode", "keyword,", "not ''")]
    [InlineData("--mode", "hybrid,hybrid", "--mode lists 'hybrid' twice")]
    [InlineData("--vector-weights", "1,0", "--vector-weights must be")]
    [InlineData("--vector-weights", "1,-1", "not '-1'")]
    [InlineData("--vector-weights", "1,x", "not 'x'")]
    [InlineData("--vector-weights", "1,1.0", "lists 1.0 twice")]
    [InlineData("--top", "0", "--top must be")]
    [InlineData("--top", "many", "--top must be")]
    [InlineData("--url", "localhost:5000", "--url must be")]
    [InlineData("--model", "/no/such/model", "model folder not found")]
    [InlineData("--verbose", "yes", "unknown argument '--verbose'")]
    public void Bad_values_are_refused_with_a_message_naming_the_problem(string name, string value, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            RetrievalOptions.Parse(["--corpus", file, "--queries", file, "--qrels", file, name, value]));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Missing_files_are_named()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            RetrievalOptions.Parse(["--corpus", "/no/corpus.jsonl", "--queries", file, "--qrels", file]));

        Assert.Contains("/no/corpus.jsonl", error.Message);
    }

    [Fact]
    public void A_missing_value_is_reported_rather_than_taking_the_next_option()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            RetrievalOptions.Parse(["--corpus", "--queries", file, "--qrels", file]));

        Assert.Contains("--corpus needs a value", error.Message);
    }
}
