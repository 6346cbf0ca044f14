namespace Rag.Eval;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        await Task.CompletedTask;
        return 0;
    }
}
