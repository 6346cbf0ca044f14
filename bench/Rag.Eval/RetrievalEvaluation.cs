using System.Diagnostics;
using Rag.Eval.Beir;
using Rag.Eval.Metrics;
using Rag.Eval.Service;

namespace Rag.Eval;

/// <summary>
/// Measures retrieval through the service's public HTTP API, the path users' documents take: upload the corpus,
/// wait for ingestion, then search every judged query.
/// </summary>
public static class RetrievalEvaluation
{
    private const int UploadBatchSize = 100;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan StallLimit = TimeSpan.FromMinutes(10);

    /// <summary>Runs the evaluation, writing progress to <paramref name="progress"/>.</summary>
    public static async Task<RetrievalReport> RunAsync(RetrievalOptions options, TextWriter progress)
    {
        var corpus = BeirDataset.LoadCorpus(options.CorpusPath);
        var allQrels = BeirDataset.LoadQrels(options.QrelsPath);
        var queries = BeirDataset.LoadQueries(options.QueriesPath).Where(q => allQrels.ContainsKey(q.Id)).ToList();
        if (queries.Count == 0)
            throw new EvaluationException("no query in the queries file has relevance judgements in the qrels file");
        var qrels = queries.ToDictionary(q => q.Id, q => allQrels[q.Id]);
        progress.WriteLine($"{corpus.Count} documents, {queries.Count} judged queries");

        double ingestSeconds, querySeconds;
        int failed;
        Dictionary<string, IReadOnlyList<string>> rankings;
        await using (var service = options.ServiceUrl is null ? await InProcessService.StartAsync(options.Model, progress) : null)
        {
            var address = options.ServiceUrl ?? service!.Address;
            using var http = new HttpClient { BaseAddress = WithTrailingSlash(address), Timeout = TimeSpan.FromMinutes(10) };
            var key = service?.AdminKey ?? Environment.GetEnvironmentVariable("RAG_API_KEY");
            if (!string.IsNullOrEmpty(key)) http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
            var api = new RagApiClient(http);
            var collection = $"eval-{DateTime.UtcNow:yyyyMMdd-HHmmss}";
            progress.WriteLine($"service {address}, collection {collection}");
            await api.CreateCollectionAsync(collection);

            var clock = Stopwatch.StartNew();
            var documents = await IngestAsync(api, collection, corpus, progress);
            ingestSeconds = clock.Elapsed.TotalSeconds;
            failed = documents.Count(d => d.Status == "failed");

            var corpusIdByDocument = documents.ToDictionary(d => d.Id, d => Path.GetFileNameWithoutExtension(d.FileName));
            clock.Restart();
            rankings = await SearchAllAsync(api, collection, queries, corpusIdByDocument, options, progress);
            querySeconds = clock.Elapsed.TotalSeconds;
        }

        return new RetrievalReport(RetrievalScores.Compute(qrels, rankings), corpus.Count, failed, ingestSeconds, querySeconds);
    }

    private static async Task<IReadOnlyList<DocumentStatus>> IngestAsync(RagApiClient api, string collection, List<CorpusDocument> corpus, TextWriter progress)
    {
        var clock = Stopwatch.StartNew();
        foreach (var batch in corpus.Chunk(UploadBatchSize))
        {
            await api.UploadAsync(collection, batch.Select(doc => ($"{doc.Id}.txt", doc.Content)));
            progress.WriteLine($"uploaded {batch.Length} more, {clock.Elapsed.TotalSeconds:0.0} s");
        }

        var settled = -1;
        var lastProgress = Stopwatch.StartNew();
        while (true)
        {
            var documents = await api.ListDocumentsAsync(collection);
            var pending = documents.Count(d => d.Status is "queued" or "processing");
            var failed = documents.Where(d => d.Status == "failed").ToList();
            progress.WriteLine($"ingested {documents.Count - pending}/{corpus.Count} ({failed.Count} failed), {clock.Elapsed.TotalSeconds:0.0} s");
            if (pending == 0)
            {
                foreach (var document in failed)
                    progress.WriteLine($"failed: {document.FileName}: {document.Error}");
                return documents;
            }
            if (documents.Count - pending != settled)
            {
                settled = documents.Count - pending;
                lastProgress.Restart();
            }
            else if (lastProgress.Elapsed > StallLimit)
            {
                throw new EvaluationException($"ingestion made no progress for {StallLimit.TotalMinutes} minutes ({pending} documents still pending)");
            }
            await Task.Delay(PollInterval);
        }
    }

    private static async Task<Dictionary<string, IReadOnlyList<string>>> SearchAllAsync(
        RagApiClient api, string collection, List<BeirQuery> queries, Dictionary<Guid, string> corpusIdByDocument, RetrievalOptions options, TextWriter progress)
    {
        var rankings = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var query in queries)
        {
            // Documents may be split into several chunks: ask for more chunks than documents and rank each document by its best chunk.
            var results = await api.SearchAsync(collection, query.Text, options.Top * 3, options.Mode);
            rankings[query.Id] = results
                .Select(result => corpusIdByDocument.GetValueOrDefault(result.DocumentId))
                .OfType<string>()
                .Distinct()
                .Take(options.Top)
                .ToList();
            if (rankings.Count % 100 == 0)
                progress.WriteLine($"searched {rankings.Count}/{queries.Count}");
        }
        return rankings;
    }

    private static Uri WithTrailingSlash(Uri address) =>
        address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
}
