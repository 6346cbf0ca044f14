namespace Rag.Eval;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] != "retrieval")
        {
            Console.Error.WriteLine(args.Length == 0 ? "missing command" : $"unknown command '{args[0]}'");
            Console.Error.WriteLine(RetrievalOptions.Usage);
            return 2;
        }

        RetrievalOptions options;
        try
        {
            options = RetrievalOptions.Parse(args[1..]);
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine($"error: {error.Message}");
            Console.Error.WriteLine(RetrievalOptions.Usage);
            return 2;
        }

        try
        {
            var report = await RetrievalEvaluation.RunAsync(options, Console.Error);
            foreach (var line in report.Lines())
                Console.WriteLine(line);
            return 0;
        }
        catch (Exception error) when (error is EvaluationException or HttpRequestException or TaskCanceledException or IOException or FormatException or System.Text.Json.JsonException)
        {
            Console.Error.WriteLine($"error: {error.Message}");
            return 1;
        }
    }
}
