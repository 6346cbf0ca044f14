using System.Globalization;

namespace Rag.Eval.Answers;

/// <summary>Arguments of <c>answers</c>; <see cref="Parse"/> refuses anything it cannot honour with a message for the user.</summary>
/// <param name="Mode">The search mode sent with every question; null sends none (the service's default).</param>
/// <param name="Limit">Questions asked: a sample drawn with <paramref name="Seed"/>; null asks all.</param>
/// <param name="Settings">Extra settings of the in-process service (--set Rag:Answer:MinimumRelevance=0).</param>
/// <param name="Calibrate">Answer everything (threshold 0), then choose the threshold on one half of the articles and report the other half.</param>
public sealed record AnswerOptions(string SquadPath, string? Mode, int? Limit, int Seed, int Top, string? Model, Uri? ServiceUrl,
    IReadOnlyList<string> Settings, bool Calibrate, string? OutcomesPath = null, int OffTopic = 0)
{
    /// <summary>Seconds waited between ingestion and the first question (--settle).</summary>
    public int Settle { get; init; }

    public const string Usage = """
        usage: Rag.Eval answers --squad file.json [--mode keyword|vector|hybrid] [--limit N] [--seed 1] [--top 5]
                                [--model <name|folder|none>] [--set Key=Value]... [--off-topic N]
                                [--calibrate] [--max-loss 0.05] [--outcomes file.tsv] [--settle SECONDS]
                                [--url http://host:port]
          Uploads every paragraph of a SQuAD-format file (SQuAD 2.0, CMRC 2018) as a document, asks the questions
          through /api/ask (all of them, or a sample of N drawn with --seed) and prints last
          'answerable_gold_in_answer=… answerable_gold_in_citation=… unanswerable_declined=… ask_p50_ms=… ask_p99_ms=…'.
          A gold answer counts when it occurs in the answer (or in a cited source) after the SQuAD script's
          normalisation (lower case, punctuation and articles removed); a question is declined when the answer is
          not grounded. --set passes a setting to the in-process service. --off-topic N also splits the articles
          into two more collections (even and odd places) and asks N answerable questions of the half without
          their article, printing 'offtopic_declined=…' before the last line. --calibrate answers every question
          (Rag:Answer:MinimumRelevance=0), fits the relevance decision's weights on the articles in even places,
          chooses the highest threshold that costs at most --max-loss (default 0.05) of gold-in-answer there, and
          prints the result with those weights and that threshold on the articles in odd places. --outcomes writes one line per question (its evidence and
          outcome) as tab-separated values.
          --settle waits that long after ingestion before the first question, so that what the service does after a
          document is ready (storing its sentences' vectors) is done: asks as they are later, not right after upload.
          Without --url the service is started in-process on a temporary data directory that is deleted afterwards.
        """;

    private static readonly string[] Names = ["--squad", "--mode", "--limit", "--seed", "--top", "--model", "--url", "--set", "--outcomes", "--off-topic", "--settle"];

    public double MaxLoss { get; init; } = 0.05;

    public static AnswerOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>();
        var settings = new List<string>();
        var calibrate = false;
        double? maxLoss = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--calibrate") { calibrate = true; continue; }
            if (name != "--max-loss" && !Names.Contains(name)) throw new ArgumentException($"unknown argument '{name}'");
            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"{name} needs a value");
            var value = args[++i];
            if (name == "--set")
            {
                if (!value.Contains('=')) throw new ArgumentException($"--set needs Key=Value, not '{value}'");
                settings.Add(value);
                continue;
            }
            if (name == "--max-loss")
            {
                maxLoss = double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var t) && t is >= 0 and <= 1
                    ? t : throw new ArgumentException($"--max-loss must be a number from 0 to 1, not '{value}'");
                continue;
            }
            if (!values.TryAdd(name, value)) throw new ArgumentException($"{name} is given twice");
        }

        if (!values.TryGetValue("--squad", out var squad)) throw new ArgumentException("--squad is required");
        if (!File.Exists(squad)) throw new ArgumentException($"--squad file not found: {squad}");
        var mode = values.GetValueOrDefault("--mode");
        if (mode is not (null or RetrievalOptions.Keyword or RetrievalOptions.Vector or RetrievalOptions.Hybrid))
            throw new ArgumentException($"--mode must be keyword, vector or hybrid, not '{mode}'");
        var model = values.GetValueOrDefault("--model");
        if (mode is RetrievalOptions.Vector or RetrievalOptions.Hybrid && string.Equals(model, "none", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"--mode {mode} needs an embedding model, but --model is none");
        Uri? url = null;
        if (values.TryGetValue("--url", out var urlText) && (!Uri.TryCreate(urlText, UriKind.Absolute, out url) || url.Scheme is not ("http" or "https")))
            throw new ArgumentException($"--url must be an absolute http(s) address, not '{urlText}'");
        if (url is not null && (model is not null || settings.Count > 0 || calibrate))
            throw new ArgumentException("--model, --set and --calibrate configure the in-process service; a service at --url runs as configured");
        return new AnswerOptions(squad, mode, Positive(values, "--limit", null), Positive(values, "--seed", 1)!.Value,
            Positive(values, "--top", 5)!.Value, model, url, settings, calibrate, values.GetValueOrDefault("--outcomes"), Positive(values, "--off-topic", 0)!.Value)
            { MaxLoss = maxLoss ?? 0.05, Settle = values.ContainsKey("--settle") ? Positive(values, "--settle", null)!.Value : 0 };
    }

    private static int? Positive(Dictionary<string, string> values, string name, int? fallback)
    {
        if (!values.TryGetValue(name, out var text)) return fallback;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1
            ? n : throw new ArgumentException($"{name} must be a whole number from 1, not '{text}'");
    }
}
