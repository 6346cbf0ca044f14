using Rag.Eval.Answers;

namespace Rag.Eval;

public static class Program
{
    private static readonly string Usage = RetrievalOptions.Usage + "\n" + AnswerOptions.Usage;

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("retrieval" or "answers"))
        {
            Console.Error.WriteLine(args.Length == 0 ? "missing command" : $"unknown command '{args[0]}'");
            Console.Error.WriteLine(Usage);
            return 2;
        }

        Func<Task<IEnumerable<string>>> run;
        try
        {
            if (args[0] == "retrieval")
            {
                var options = RetrievalOptions.Parse(args[1..]);
                run = async () => (await RetrievalEvaluation.RunAsync(options, Console.Error)).Lines();
            }
            else
            {
                var options = AnswerOptions.Parse(args[1..]);
                run = async () => await AnswerEvaluation.RunAsync(options, Console.Error);
            }
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine($"error: {error.Message}");
            Console.Error.WriteLine(args[0] == "retrieval" ? RetrievalOptions.Usage : AnswerOptions.Usage);
            return 2;
        }

        try
        {
            foreach (var line in await run())
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
