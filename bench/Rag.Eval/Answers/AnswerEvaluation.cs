using System.Diagnostics;
using System.Globalization;
using Rag.Eval.Metrics;
using Rag.Eval.Service;


namespace Rag.Eval.Answers;

/// <summary>One question's outcome: whether it was declined, whether a gold answer is in the answer or in a cited
/// source, the service's relevance (when it reports one) and how long the ask took. OffTopic: asked of the other
/// half of the articles, which cannot answer it.</summary>
public sealed record AnswerOutcome(SquadQuestion Question, bool Declined, bool GoldInAnswer, bool GoldInCitation, RelevanceInfo? Relevance, double Milliseconds,
    bool OffTopic = false)
{
    /// <summary>What the service should do: answer (true) or decline.</summary>
    public bool ShouldAnswer => Question.Answerable && !OffTopic;
}

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
        if (options.Settle > 0)
        {
            progress.WriteLine($"settling {options.Settle} s before asking");
            await Task.Delay(TimeSpan.FromSeconds(options.Settle));
        }

        var outcomes = new List<AnswerOutcome>();
        foreach (var question in questions)
        {
            outcomes.Add(await AskAsync(api, collection, question, options, offTopic: false));
            if (outcomes.Count % 100 == 0) progress.WriteLine($"asked {outcomes.Count}/{questions.Count}");
        }
        if (options.OffTopic > 0) outcomes.AddRange(await AskOffTopicAsync(api, collection, set, questions, options, progress));

        if (options.OutcomesPath is not null) await File.WriteAllLinesAsync(options.OutcomesPath, Tsv(outcomes));
        var scores = AnswerScores.Of(outcomes);
        List<string> lines = options.OffTopic > 0 ? [FormattableString.Invariant($"offtopic_declined={scores.OffTopicDeclined:0.00} ({outcomes.Count(o => o.OffTopic)} questions)")] : [];
        return options.Calibrate ? [.. lines, .. Calibration.Run(outcomes, options.MaxLoss)] : [.. lines, scores.Line];
    }

    /// <summary>Questions the documents do not touch at all: the articles are split by place (even, odd) into two
    /// more collections, and answerable questions are asked of the half without their article.</summary>
    private static async Task<List<AnswerOutcome>> AskOffTopicAsync(RagApiClient api, string collection, SquadSet set, List<SquadQuestion> questions,
        AnswerOptions options, TextWriter progress)
    {
        var articleOf = set.Questions.GroupBy(q => q.ParagraphId).ToDictionary(g => g.Key, g => g.First().Article);
        var halves = new string[2];
        for (var half = 0; half < 2; half++)
        {
            halves[half] = $"{collection}-half{half}";
            await api.CreateCollectionAsync(halves[half]);
            // Paragraphs without questions have no known article; they stay out of both halves.
            await RetrievalEvaluation.IngestAsync(api, halves[half],
                [.. set.Paragraphs.Where(p => articleOf.TryGetValue(p.Id, out var article) && article % 2 == half)], progress);
        }
        var outcomes = new List<AnswerOutcome>();
        foreach (var question in questions.Where(q => q.Answerable).Take(options.OffTopic))
            outcomes.Add(await AskAsync(api, halves[1 - question.Article % 2], question, options, offTopic: true));
        return outcomes;
    }

    private static async Task<AnswerOutcome> AskAsync(RagApiClient api, string collection, SquadQuestion question, AnswerOptions options, bool offTopic)
    {
        var clock = Stopwatch.StartNew();
        var reply = await api.AskAsync(collection, question.Text, options.Top, options.Mode);
        var ms = clock.Elapsed.TotalMilliseconds;
        var cited = reply.Citations.Select(c => c.N).ToHashSet();
        var citedText = string.Join("\n", reply.Sources.Where((_, i) => cited.Contains(i + 1)).Select(s => s.Text));
        return new AnswerOutcome(question, !reply.Grounded,
            reply.Grounded && GoldMatch.Contains(reply.Answer, question.GoldAnswers),
            reply.Grounded && GoldMatch.Contains(citedText, question.GoldAnswers), reply.Relevance, ms, offTopic);
    }

    private static IEnumerable<string> Tsv(List<AnswerOutcome> outcomes)
    {
        yield return "id\tarticle\tanswerable\toff_topic\tdeclined\tgold_in_answer\tgold_in_citation\tscore\tsimilarity\tterm_coverage\tsentence_coverage\tmissing_names\tunmatched_negation\tanswer_type_missing\tnames_outside_sentence\tsimilarity_margin\tlegs_agree\tms\tquestion";
        foreach (var o in outcomes)
        {
            var r = o.Relevance;
            yield return string.Join('\t', o.Question.Id, o.Question.Article, o.Question.Answerable, o.OffTopic, o.Declined, o.GoldInAnswer, o.GoldInCitation,
                Number(r?.Score), Number(r?.Similarity), Number(r?.TermCoverage), Number(r?.SentenceCoverage), r?.MissingTerms.Count ?? 0, r?.UnmatchedNegation,
                r?.AnswerTypeMissing, r?.NamesOutsideSentence, Number(r?.SimilarityMargin), r?.LegsAgree,
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

/// <summary>The figures of a set of outcomes, as the line the command prints last (off-topic questions apart).</summary>
public sealed record AnswerScores(double GoldInAnswer, double GoldInCitation, double Declined, double OffTopicDeclined, double P50, double P99)
{
    public static AnswerScores Of(IReadOnlyList<AnswerOutcome> outcomes)
    {
        var asked = outcomes.Where(o => !o.OffTopic).ToList();
        var answerable = asked.Where(o => o.Question.Answerable).ToList();
        var unanswerable = asked.Where(o => !o.Question.Answerable).ToList();
        var times = asked.Select(o => o.Milliseconds).Order().ToList();
        return new AnswerScores(Fraction(answerable, o => o.GoldInAnswer), Fraction(answerable, o => o.GoldInCitation), Fraction(unanswerable, o => o.Declined),
            Fraction([.. outcomes.Where(o => o.OffTopic)], o => o.Declined), Percentiles.Of(times, 0.50), Percentiles.Of(times, 0.99));
    }

    public string Line => FormattableString.Invariant(
        $"answerable_gold_in_answer={GoldInAnswer:0.00} answerable_gold_in_citation={GoldInCitation:0.00} unanswerable_declined={Declined:0.00} ask_p50_ms={P50:0} ask_p99_ms={P99:0}");

    private static double Fraction(List<AnswerOutcome> outcomes, Func<AnswerOutcome, bool> counts) =>
        outcomes.Count == 0 ? 0 : (double)outcomes.Count(counts) / outcomes.Count;
}
