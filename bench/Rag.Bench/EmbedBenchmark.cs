namespace Rag.Bench;

public static class EmbedBenchmark
{
    public static Task<int> RunAsync(string[] args) => throw new NotImplementedException();
}
