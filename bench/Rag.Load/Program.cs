namespace Rag.Load;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        LoadOptions options;
        try
        {
            options = LoadOptions.Parse(args);
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine($"error: {error.Message}");
            Console.Error.WriteLine(LoadOptions.Usage);
            return 2;
        }

        try
        {
            var report = await LoadRun.RunAsync(options, Console.Error);
            foreach (var line in report.Lines()) Console.WriteLine(line);
            return report.Passed ? 0 : 1;
        }
        catch (Exception error) when (error is LoadException or HttpRequestException or IOException)
        {
            Console.Error.WriteLine($"error: {error.Message}");
            return 1;
        }
    }
}
