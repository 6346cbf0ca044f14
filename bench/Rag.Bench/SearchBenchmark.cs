namespace Rag.Bench;

public static class SearchBenchmark
{
    public static Task<int> RunAsync(string[] args) => throw new NotImplementedException();
}
