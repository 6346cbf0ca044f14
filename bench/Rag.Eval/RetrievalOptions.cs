using System.Globalization;

namespace Rag.Eval;

/// <summary>Arguments of <c>retrieval</c>; <see cref="Parse"/> refuses anything it cannot honour with a message for the user.</summary>
/// <param name="Modes">The search modes to evaluate on one ingestion, in the order their metrics lines are printed.</param>
/// <param name="SquadPath">A SQuAD-format file used instead of <paramref name="CorpusPath"/>, <paramref name="QueriesPath"/> and <paramref name="QrelsPath"/>.</param>
/// <param name="VectorWeights">Vector-leg weights for client-side hybrid fusion of the keyword and vector rankings; empty for none.</param>
/// <param name="ConvexAlphas">Vector shares for client-side convex fusion of the two legs' min-max normalised scores; empty for none.</param>
public sealed record RetrievalOptions(
    string? CorpusPath,
    string? QueriesPath,
    string? QrelsPath,
    IReadOnlyList<string> Modes,
    int Top,
    string? Model,
    Uri? ServiceUrl,
    string? SquadPath = null,
    IReadOnlyList<float>? VectorWeights = null,
    IReadOnlyList<float>? ConvexAlphas = null)
{
    public const string Usage = """
        usage: Rag.Eval retrieval (--corpus corpus.jsonl --queries queries.jsonl --qrels qrels.tsv | --squad file.json)
                                  [--mode keyword|vector|hybrid[,...]] [--top 100] [--model <name|folder|none>]
                                  [--vector-weights 0.5,1,2] [--convex-alphas 0.3,0.5] [--url http://host:port]
          Uploads the corpus to the service, waits until it is indexed, runs every judged query through /api/search
          in each --mode (a comma list evaluates several modes on one ingestion) and prints a line
          'mode=<mode> nDCG@10=… Recall@10=… Recall@100=…' per mode, in the order given, the last line being the
          last mode's. --squad reads a SQuAD-format JSON file instead: every paragraph is a document, every
          answerable question a query whose one relevant document is its paragraph. --vector-weights also fuses
          each query's keyword and vector rankings client-side with the service's weighted reciprocal rank fusion
          (keyword weight 1, vector weight w) and prints a 'mode=hybrid@w=<w>' line per weight before the mode lines;
          --convex-alphas does the same with convex fusion of min-max normalised scores, (1 - a) * keyword + a * vector
          ('mode=convex@a=<a>' lines).
          Without --url the service is started in-process on a temporary data directory that is deleted afterwards.
          A service at --url gets the API key in RAG_API_KEY (an admin key: the evaluation creates a collection).
          --model picks the embedding model of the in-process service (a bundled one: arctic-embed-xs,
          all-MiniLM-L6-v2; a model folder; or none); without it, keyword-only runs use none and others the
          service's default.
        """;

    public const string Keyword = "keyword";
    public const string Vector = "vector";
    public const string Hybrid = "hybrid";
    private static readonly string[] KnownModes = [Keyword, Vector, Hybrid];
    private static readonly string[] Names =
        ["--corpus", "--queries", "--qrels", "--squad", "--mode", "--top", "--model", "--url", "--vector-weights", "--convex-alphas"];

    /// <summary>The first mode, for single-mode callers.</summary>
    public string Mode => Modes[0];

    /// <summary>Whether any part of the run needs the vector leg, and so an embedding model.</summary>
    public bool NeedsEmbeddings => Modes.Any(m => m != Keyword) || VectorWeights is { Count: > 0 } || ConvexAlphas is { Count: > 0 };

    public static RetrievalOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (!Names.Contains(name))
                throw new ArgumentException($"unknown argument '{name}'");
            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                throw new ArgumentException($"{name} needs a value");
            if (values.ContainsKey(name))
                throw new ArgumentException($"{name} is given twice");
            values[name] = args[++i];
        }

        var modes = ParseModes(values.GetValueOrDefault("--mode", Keyword));
        var topText = values.GetValueOrDefault("--top", "100");
        if (!int.TryParse(topText, NumberStyles.None, CultureInfo.InvariantCulture, out var top) || top < 1 || top > 1000)
            throw new ArgumentException($"--top must be a whole number from 1 to 1000, not '{topText}'");
        var weights = values.TryGetValue("--vector-weights", out var weightsText) ? ParseWeights(weightsText, "--vector-weights", 100) : [];
        var alphas = values.TryGetValue("--convex-alphas", out var alphasText) ? ParseWeights(alphasText, "--convex-alphas", 1) : [];

        var model = values.GetValueOrDefault("--model");
        if (model is not null && (model.Contains('/') || model.Contains('\\')) && !Directory.Exists(model))
            throw new ArgumentException($"model folder not found: {model}");
        Uri? url = null;
        if (values.TryGetValue("--url", out var urlText) &&
            (!Uri.TryCreate(urlText, UriKind.Absolute, out url) || url.Scheme is not ("http" or "https")))
            throw new ArgumentException($"--url must be an absolute http(s) address, not '{urlText}'");
        if (url is not null && model is not null)
            throw new ArgumentException("--model configures the in-process service; a service at --url uses its own models");

        var options = new RetrievalOptions(null, null, null, modes, top, model, url, null, weights, alphas);
        if (options.NeedsEmbeddings && string.Equals(model, "none", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException(
                $"{(weights.Count + alphas.Count > 0 && modes.All(m => m == Keyword) ? (weights.Count > 0 ? "--vector-weights" : "--convex-alphas") : "--mode " + string.Join(',', modes.Where(m => m != Keyword)))} " +
                "needs an embedding model, but --model is none; pick a model (arctic-embed-xs, all-MiniLM-L6-v2 or a folder) or use --mode keyword");
        if (!options.NeedsEmbeddings && model is null && url is null)
            options = options with { Model = "none" };

        if (values.TryGetValue("--squad", out var squad))
        {
            var clash = new[] { "--corpus", "--queries", "--qrels" }.FirstOrDefault(values.ContainsKey);
            if (clash is not null)
                throw new ArgumentException($"--squad replaces --corpus, --queries and --qrels; {clash} cannot go with it");
            return options with { SquadPath = ExistingFile(values, "--squad") };
        }
        return options with
        {
            CorpusPath = ExistingFile(values, "--corpus", " (or give --squad)"),
            QueriesPath = ExistingFile(values, "--queries"),
            QrelsPath = ExistingFile(values, "--qrels"),
        };
    }

    private static List<string> ParseModes(string text)
    {
        var modes = text.Split(',', StringSplitOptions.TrimEntries).ToList();
        foreach (var mode in modes)
            if (!KnownModes.Contains(mode))
                throw new ArgumentException($"--mode must be one of {string.Join(", ", KnownModes)} (or a comma list of them), not '{mode}'");
        var repeated = modes.GroupBy(m => m).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
            throw new ArgumentException($"--mode lists '{repeated.Key}' twice");
        return modes;
    }

    private static List<float> ParseWeights(string text, string name, float max)
    {
        var weights = new List<float>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!float.TryParse(part, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var weight) ||
                !float.IsFinite(weight) || weight <= 0 || weight > max)
                throw new ArgumentException($"{name} must be a comma list of numbers above 0 and up to {max}, not '{part}'");
            if (weights.Contains(weight))
                throw new ArgumentException($"{name} lists {part} twice");
            weights.Add(weight);
        }
        return weights;
    }

    private static string ExistingFile(Dictionary<string, string> values, string name, string hint = "")
    {
        if (!values.TryGetValue(name, out var path))
            throw new ArgumentException($"{name} is required{hint}");
        if (!File.Exists(path))
            throw new ArgumentException($"{name} file not found: {path}");
        return path;
    }
}
