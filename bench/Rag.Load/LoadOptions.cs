using System.Globalization;

namespace Rag.Load;

/// <summary>What the load run does; see <see cref="Usage"/>.</summary>
public sealed record LoadOptions
{
    public const string Usage = """
        usage: Rag.Load [--duration 60] [--clients 8] [--url URL --api-key KEY] [--eval FOLDER]
                        [--seed-documents 200] [--max-queued 16] [--upload-batch 4] [--drain-timeout 300]
          Without --url the real service starts in this process on a loopback port and a temporary data directory.
          --eval: folder with scifact/corpus.jsonl, scifact/queries.train.jsonl and pdfs/ (default: shared/eval above here).
          --max-queued: Rag:Upload:MaxQueuedDocuments of the in-process service (small, so uploads meet back-pressure).
        """;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);
    public int Clients { get; init; } = 8;
    public Uri? Url { get; init; }
    public string? ApiKey { get; init; }
    public string EvalFolder { get; init; } = "";
    public int SeedDocuments { get; init; } = 200;
    public int MaxQueuedDocuments { get; init; } = 16;
    public int UploadBatch { get; init; } = 4;
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public static LoadOptions Parse(string[] args)
    {
        if (args.Length % 2 != 0) throw new ArgumentException("every option takes a value");
        var values = new Dictionary<string, string>();
        for (int i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--")) throw new ArgumentException($"unexpected '{args[i]}'");
            values[args[i][2..]] = args[i + 1];
        }
        var known = new[] { "duration", "clients", "url", "api-key", "eval", "seed-documents", "max-queued", "upload-batch", "drain-timeout" };
        if (values.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown) throw new ArgumentException($"unknown option --{unknown}");

        var options = new LoadOptions
        {
            Duration = TimeSpan.FromSeconds(Number(values, "duration", 60)),
            Clients = Number(values, "clients", 8),
            Url = values.TryGetValue("url", out var url) ? new Uri(url.TrimEnd('/') + "/") : null,
            ApiKey = values.GetValueOrDefault("api-key"),
            EvalFolder = values.GetValueOrDefault("eval") ?? LocateEvalFolder(),
            SeedDocuments = Number(values, "seed-documents", 200),
            MaxQueuedDocuments = Number(values, "max-queued", 16),
            UploadBatch = Number(values, "upload-batch", 4),
            DrainTimeout = TimeSpan.FromSeconds(Number(values, "drain-timeout", 300)),
        };
        if (options.Url is not null && options.ApiKey is null) throw new ArgumentException("--url needs --api-key");
        if (options.Clients < 1 || options.UploadBatch < 1 || options.SeedDocuments < 1) throw new ArgumentException("--clients, --upload-batch and --seed-documents must be at least 1");
        return options;
    }

    private static int Number(Dictionary<string, string> values, string name, int fallback)
    {
        if (!values.TryGetValue(name, out var text)) return fallback;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value : throw new ArgumentException($"--{name} must be a whole number, not '{text}'");
    }

    /// <summary>shared/eval in the nearest folder above the working directory or this program that has one.</summary>
    private static string LocateEvalFolder()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "eval");
                if (File.Exists(Path.Combine(candidate, "scifact", "corpus.jsonl"))) return candidate;
            }
        throw new ArgumentException("no shared/eval folder with scifact/corpus.jsonl found above here; pass --eval");
    }
}
