using System.Diagnostics;
using System.Globalization;
using Rag.Eval.Service;


namespace Rag.Eval.Answers;

/// <summary>One question's outcome: whether it was declined, whether a gold answer is in the answer or in a cited
/// source, the service's relevance (when it reports one) and how long the ask took.</summary>
public sealed record AnswerOutcome(SquadQuestion Question, bool Declined, bool GoldInAnswer, bool GoldInCitation, RelevanceInfo? Relevance, double Milliseconds);

/// <summary>
/// Measures answers end to end through the service's HTTP API: upload every paragraph, wait for ingestion, ask the
/// questions (answerable and unanswerable) through /api/ask and score the answers against the gold answers.
/// </summary>
public static class AnswerEvaluation
{
    public const string AcceptEverything = "Rag:Answer:MinimumRelevance=0";

    public static async Task<IReadOnlyList<string>> RunAsync(AnswerOptions options, TextWriter progress)
    {
        var set = SquadQuestions.Load(options.SquadPath);
        var questions = Sample(set.Questions, options.Limit, options.Seed);
        if (questions.Count == 0) throw new EvaluationException("the SQuAD file has no question");
        progress.WriteLine($"{set.Paragraphs.Count} paragraphs, {questions.Count} of {set.Questions.Count} questions " +
                           $"({questions.Count(q => q.Answerable)} answerable), seed {options.Seed}");

        var settings = options.Calibrate ? [.. options.Settings, AcceptEverything] : options.Settings;
        await using var service = options.ServiceUrl is null ? await InProcessService.StartAsync(options.Model, progress, settings) : null;
        var address = options.ServiceUrl ?? service!.Address;
        using var http = new HttpClient { BaseAddress = RetrievalEvaluation.WithTrailingSlash(address), Timeout = TimeSpan.FromMinutes(10) };
        var key = service?.AdminKey ?? Environment.GetEnvironmentVariable("RAG_API_KEY");
        if (!string.IsNullOrEmpty(key)) http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        var api = new RagApiClient(http);
        var collection = $"answers-{DateTime.UtcNow:yyyyMMdd-HHmmss}";
        await api.CreateCollectionAsync(collection);
        await RetrievalEvaluation.IngestAsync(api, collection, set.Paragraphs, progress);

        var outcomes = new List<AnswerOutcome>();
        foreach (var question in questions)
        {
            var clock = Stopwatch.StartNew();
            var reply = await api.AskAsync(collection, question.Text, options.Top, options.Mode);
            var ms = clock.Elapsed.TotalMilliseconds;
            var cited = reply.Citations.Select(c => c.N).ToHashSet();
            var citedText = string.Join("\n", reply.Sources.Where((_, i) => cited.Contains(i + 1)).Select(s => s.Text));
            outcomes.Add(new AnswerOutcome(question, !reply.Grounded,
                reply.Grounded && GoldMatch.Contains(reply.Answer, question.GoldAnswers),
                reply.Grounded && GoldMatch.Contains(citedText, question.GoldAnswers), reply.Relevance, ms));
            if (outcomes.Count % 100 == 0) progress.WriteLine($"asked {outcomes.Count}/{questions.Count}");
        }

        if (options.OutcomesPath is not null) await File.WriteAllLinesAsync(options.OutcomesPath, Tsv(outcomes));
        if (!options.Calibrate) return [AnswerScores.Of(outcomes).Line];
        return Calibration.Run(outcomes, options.Target);
    }

    private static IEnumerable<string> Tsv(List<AnswerOutcome> outcomes)
    {
        yield return "id\tarticle\tanswerable\tdeclined\tgold_in_answer\tgold_in_citation\tscore\tsimilarity\tterm_coverage\tsentence_coverage\tmissing_names\tms\tquestion";
        foreach (var o in outcomes)
        {
            var r = o.Relevance;
            yield return string.Join('\t', o.Question.Id, o.Question.Article, o.Question.Answerable, o.Declined, o.GoldInAnswer, o.GoldInCitation,
                Number(r?.Score), Number(r?.Similarity), Number(r?.TermCoverage), Number(r?.SentenceCoverage), r?.MissingTerms.Count ?? 0,
                Number(o.Milliseconds), o.Question.Text.Replace('\t', ' '));
        }
    }

    private static string Number(double? value) => value?.ToString("0.####", CultureInfo.InvariantCulture) ?? "";

    /// <summary>A seeded sample, in a fixed order, so runs before and after a change ask the same questions.</summary>
    private static List<SquadQuestion> Sample(List<SquadQuestion> questions, int? limit, int seed)
    {
        if (limit is null || limit >= questions.Count) return questions;
        var random = new Random(seed);
        return [.. questions.OrderBy(_ => random.Next()).Take(limit.Value)];
    }
}

/// <summary>The figures of a set of outcomes, as the line the command prints last.</summary>
public sealed record AnswerScores(int Answerable, int Unanswerable, double GoldInAnswer, double GoldInCitation, double Declined, double P50, double P99)
{
    public static AnswerScores Of(IReadOnlyList<AnswerOutcome> outcomes)
    {
        var answerable = outcomes.Where(o => o.Question.Answerable).ToList();
        var unanswerable = outcomes.Where(o => !o.Question.Answerable).ToList();
        var times = outcomes.Select(o => o.Milliseconds).Order().ToList();
        return new AnswerScores(answerable.Count, unanswerable.Count,
            Fraction(answerable, o => o.GoldInAnswer), Fraction(answerable, o => o.GoldInCitation), Fraction(unanswerable, o => o.Declined),
            Percentile(times, 0.50), Percentile(times, 0.99));
    }

    public string Line => FormattableString.Invariant(
        $"answerable_gold_in_answer={GoldInAnswer:0.00} answerable_gold_in_citation={GoldInCitation:0.00} unanswerable_declined={Declined:0.00} ask_p50_ms={P50:0} ask_p99_ms={P99:0}");

    private static double Fraction(List<AnswerOutcome> outcomes, Func<AnswerOutcome, bool> counts) =>
        outcomes.Count == 0 ? 0 : (double)outcomes.Count(counts) / outcomes.Count;

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
