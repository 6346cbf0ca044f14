using Rag.Eval;

namespace Rag.Infrastructure.Tests.Evaluation;

public class RetrievalOptionsTests : IDisposable
{
    private readonly string file = Path.GetTempFileName();

    public void Dispose() => File.Delete(file);

    [Fact]
    public void Defaults_to_keyword_mode_top_100_and_an_in_process_service()
    {
        var options = RetrievalOptions.Parse(["--corpus", file, "--queries", file, "--qrels", file]);

        Assert.Equal(("keyword", 100, "none", null), (options.Mode, options.Top, options.Model, options.ServiceUrl));
    }

    [Theory]
    [InlineData("--mode", "bm25", "--mode must be one of")]
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
