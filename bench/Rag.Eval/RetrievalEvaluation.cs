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
        var dataset = EvaluationDataset.Load(options);
        if (dataset.Queries.Count == 0)
            throw new EvaluationException(options.SquadPath is null
                ? "no query in the queries file has relevance judgements in the qrels file"
                : "the SQuAD file has no answerable question");
        progress.WriteLine($"{dataset.Corpus.Count} documents, {dataset.Queries.Count} judged queries");

        await using var service = options.ServiceUrl is null ? await InProcessService.StartAsync(options.Model, progress) : null;
        var address = options.ServiceUrl ?? service!.Address;
        using var http = new HttpClient { BaseAddress = WithTrailingSlash(address), Timeout = TimeSpan.FromMinutes(10) };
        var key = service?.AdminKey ?? Environment.GetEnvironmentVariable("RAG_API_KEY");
        if (!string.IsNullOrEmpty(key)) http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        var api = new RagApiClient(http);
        var collection = $"eval-{DateTime.UtcNow:yyyyMMdd-HHmmss}";
        progress.WriteLine($"service {address}, collection {collection}");
        await api.CreateCollectionAsync(collection);

        var clock = Stopwatch.StartNew();
        var documents = await IngestAsync(api, collection, dataset.Corpus, progress);
        var ingestSeconds = clock.Elapsed.TotalSeconds;
        var failed = documents.Count(d => d.Status == "failed");

        var corpusIdByDocument = documents.ToDictionary(d => d.Id, d => Path.GetFileNameWithoutExtension(d.FileName));
        var searched = await SearchAllAsync(api, collection, dataset.Queries, corpusIdByDocument, options, progress);
        return new RetrievalReport(
            [.. options.Modes.Select(mode => new ModeResult(mode, RetrievalScores.Compute(dataset.Qrels, searched.Rankings[mode]), [.. searched.Milliseconds[mode].Order()]))],
            [.. (options.VectorWeights ?? []).Select(weight => new ModeResult(
                FormattableString.Invariant($"{RetrievalOptions.Hybrid}@w={weight:0.###}"), RetrievalScores.Compute(dataset.Qrels, searched.Fused[weight]), [])),
             .. (options.ConvexAlphas ?? []).Select(alpha => new ModeResult(
                FormattableString.Invariant($"convex@a={alpha:0.###}"), RetrievalScores.Compute(dataset.Qrels, searched.Convex[alpha]), []))],
            dataset.Corpus.Count, failed, ingestSeconds, options.Top, searched.VectorSkipped, searched.SkipReason);
    }

    internal static async Task<IReadOnlyList<DocumentStatus>> IngestAsync(RagApiClient api, string collection, List<CorpusDocument> corpus, TextWriter progress)
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

    private sealed record SearchOutcome(
        Dictionary<string, Dictionary<string, IReadOnlyList<string>>> Rankings,
        Dictionary<string, List<double>> Milliseconds,
        Dictionary<float, Dictionary<string, IReadOnlyList<string>>> Fused,
        Dictionary<float, Dictionary<string, IReadOnlyList<string>>> Convex,
        int VectorSkipped,
        string? SkipReason);

    /// <summary>
    /// Searches every query in every mode; with vector weights, also fuses the query's keyword and vector chunk rankings
    /// client-side per weight. Each leg gives depth max(top * 3, 50) chunks for that: the chunks the service's own
    /// hybrid fuses for a request of top * 3.
    /// </summary>
    private static async Task<SearchOutcome> SearchAllAsync(
        RagApiClient api, string collection, List<BeirQuery> queries, Dictionary<Guid, string> corpusIdByDocument, RetrievalOptions options, TextWriter progress)
    {
        var weights = options.VectorWeights ?? [];
        // Documents may be split into several chunks: ask for more chunks than documents and rank each document by its best chunk.
        var chunkTop = options.Top * 3;
        var fusionDepth = Math.Max(chunkTop, ClientFusion.MinimumDepth);
        var rankings = options.Modes.ToDictionary(mode => mode, _ => new Dictionary<string, IReadOnlyList<string>>());
        var fused = weights.ToDictionary(weight => weight, _ => new Dictionary<string, IReadOnlyList<string>>());
        var alphas = options.ConvexAlphas ?? [];
        var convex = alphas.ToDictionary(alpha => alpha, _ => new Dictionary<string, IReadOnlyList<string>>());
        var milliseconds = options.Modes.ToDictionary(mode => mode, _ => new List<double>());
        var vectorSkipped = 0;
        string? skipReason = null;
        var done = 0;
        foreach (var query in queries)
        {
            var responses = new Dictionary<string, SearchResponse>();
            foreach (var mode in options.Modes)
            {
                var clock = Stopwatch.StartNew();
                var response = responses[mode] = await api.SearchAsync(collection, query.Text, chunkTop, mode);
                milliseconds[mode].Add(clock.Elapsed.TotalMilliseconds);
                rankings[mode][query.Id] = ClientFusion.RankDocuments(response.Results.Select(r => r.DocumentId), corpusIdByDocument, options.Top);
                if (mode == RetrievalOptions.Hybrid && response.Retrieval is { } retrieval && !retrieval.Legs.Contains(RetrievalOptions.Vector))
                {
                    vectorSkipped++;
                    skipReason ??= retrieval.Reason;
                }
            }

            if (weights.Count + alphas.Count > 0)
            {
                var keyword = await LegAsync(RetrievalOptions.Keyword);
                var vector = await LegAsync(RetrievalOptions.Vector);
                // Replays the service: where its hybrid leaves the vector leg out (a script the model does not cover), fuse the keyword leg alone.
                var skipsVector = responses.TryGetValue(RetrievalOptions.Hybrid, out var hybrid)
                    ? hybrid.Retrieval is { } retrieval && !retrieval.Legs.Contains(RetrievalOptions.Vector)
                    : vector.Retrieval?.Reason is not null;
                var keywordChunks = keyword.Results.Take(fusionDepth).Select(ChunkKey.Of).ToList();
                var vectorChunks = skipsVector ? [] : vector.Results.Take(fusionDepth).Select(ChunkKey.Of).ToList();
                foreach (var weight in weights)
                    fused[weight][query.Id] = ClientFusion.RankDocuments(
                        ClientFusion.Fuse(keywordChunks, vectorChunks, weight, chunkTop).Select(chunk => chunk.DocumentId), corpusIdByDocument, options.Top);
                var keywordScored = keyword.Results.Take(fusionDepth).Select(r => (ChunkKey.Of(r), r.Score)).ToList();
                var vectorScored = skipsVector ? [] : vector.Results.Take(fusionDepth).Select(r => (ChunkKey.Of(r), r.Score)).ToList();
                foreach (var alpha in alphas)
                    convex[alpha][query.Id] = ClientFusion.RankDocuments(
                        ClientFusion.Convex(keywordScored, vectorScored, alpha, chunkTop).Select(chunk => chunk.DocumentId), corpusIdByDocument, options.Top);
            }

            if (++done % 100 == 0)
                progress.WriteLine($"searched {done}/{queries.Count}");

            async Task<SearchResponse> LegAsync(string mode) =>
                responses.TryGetValue(mode, out var response) && chunkTop >= fusionDepth
                    ? response
                    : await api.SearchAsync(collection, query.Text, fusionDepth, mode);
        }
        return new SearchOutcome(rankings, milliseconds, fused, convex, vectorSkipped, skipReason);
    }

    internal static Uri WithTrailingSlash(Uri address) =>
        address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
}
