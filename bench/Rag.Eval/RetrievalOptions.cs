namespace Rag.Eval;

/// <summary>Arguments of <c>retrieval</c>; <see cref="Parse"/> refuses anything it cannot honour with a message for the user.</summary>
public sealed record RetrievalOptions(
    string CorpusPath,
    string QueriesPath,
    string QrelsPath,
    string Mode,
    int Top,
    string? Model,
    Uri? ServiceUrl)
{
    public const string Usage = """
        usage: Rag.Eval retrieval --corpus corpus.jsonl --queries queries.jsonl --qrels qrels.tsv
                                  [--mode keyword|vector|hybrid] [--top 100] [--model <name|folder|none>] [--url http://host:port]
          Uploads the corpus to the service, waits until it is indexed, runs every judged query through /api/search
          and prints nDCG@10, Recall@10 and Recall@100. Without --url the service is started in-process on a
          temporary data directory that is deleted afterwards. A service at --url gets the API key in RAG_API_KEY
          (an admin key: the evaluation creates a collection). --model picks the embedding model of the in-process
          service (a bundled one: arctic-embed-xs, all-MiniLM-L6-v2; a model folder; or none); without it, keyword
          runs use none and vector/hybrid runs the service's default.
        """;

    private static readonly string[] Modes = ["keyword", "vector", "hybrid"];

    public static RetrievalOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is not ("--corpus" or "--queries" or "--qrels" or "--mode" or "--top" or "--model" or "--url"))
                throw new ArgumentException($"unknown argument '{name}'");
            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                throw new ArgumentException($"{name} needs a value");
            values[name] = args[++i];
        }

        var mode = values.GetValueOrDefault("--mode", "keyword");
        if (!Modes.Contains(mode))
            throw new ArgumentException($"--mode must be one of {string.Join(", ", Modes)}, not '{mode}'");
        var topText = values.GetValueOrDefault("--top", "100");
        if (!int.TryParse(topText, out var top) || top < 1 || top > 1000)
            throw new ArgumentException($"--top must be a whole number from 1 to 1000, not '{topText}'");

        var model = values.GetValueOrDefault("--model");
        if (model is not null && (model.Contains('/') || model.Contains('\\')) && !Directory.Exists(model))
            throw new ArgumentException($"model folder not found: {model}");
        Uri? url = null;
        if (values.TryGetValue("--url", out var urlText) &&
            (!Uri.TryCreate(urlText, UriKind.Absolute, out url) || url.Scheme is not ("http" or "https")))
            throw new ArgumentException($"--url must be an absolute http(s) address, not '{urlText}'");
        if (url is not null && model is not null)
            throw new ArgumentException("--model configures the in-process service; a service at --url uses its own models");

        return new RetrievalOptions(
            ExistingFile(values, "--corpus"), ExistingFile(values, "--queries"), ExistingFile(values, "--qrels"),
            mode, top, model ?? (mode == "keyword" && url is null ? "none" : null), url);
    }

    private static string ExistingFile(Dictionary<string, string> values, string name)
    {
        if (!values.TryGetValue(name, out var path))
            throw new ArgumentException($"{name} is required");
        if (!File.Exists(path))
            throw new ArgumentException($"{name} file not found: {path}");
        return path;
    }
}
