using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Rag.Load;

/// <summary>
/// Seeds a collection, then for the run's duration has N clients mixing searches and questions while one uploader
/// keeps adding documents (honouring 429 + Retry-After); then waits for ingestion to drain and checks that every
/// accepted document ended ready or failed with a reason, and that the counts agree.
/// </summary>
public sealed class LoadRun(LoadOptions options, TextWriter progress)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    private readonly ConcurrentDictionary<Guid, byte> _accepted = new();
    private readonly ConcurrentQueue<string> _errorExamples = new();
    private readonly OperationStats _search = new("search");
    private readonly OperationStats _ask = new("ask");
    private readonly OperationStats _upload = new("upload");
    private readonly OperationStats _seed = new("seed");
    private readonly string _collection = "load-" + Guid.NewGuid().ToString("N")[..8];

    public static Task<LoadReport> RunAsync(LoadOptions options, TextWriter progress) => new LoadRun(options, progress).RunAsync();

    private async Task<LoadReport> RunAsync()
    {
        var workload = Workload.Load(options.EvalFolder);
        await using var target = await LoadTarget.StartAsync(options);
        using var http = LoadApi.CreateHttpClient(target.Address, target.ApiKey);
        var api = new LoadApi(http);
        await api.CreateCollectionAsync(_collection);

        progress.WriteLine($"seeding {options.SeedDocuments} documents into {_collection} at {target.Address}");
        var seedClock = Stopwatch.StartNew();
        await SeedAsync(api, workload);
        var seedDocsPerSecond = _accepted.Count / seedClock.Elapsed.TotalSeconds;
        var seeded = _accepted.Count;
        var seedIds = _accepted.Keys.ToHashSet();

        progress.WriteLine($"running {options.Clients} clients and one uploader for {options.Duration.TotalSeconds:0} s");
        var loadAverage = new LoadAverage();
        using var stop = new CancellationTokenSource(options.Duration);
        var clock = Stopwatch.StartNew();
        var clients = Enumerable.Range(0, options.Clients).Select(i => ClientAsync(api, workload.Questions, new Random(i), stop.Token));
        await Task.WhenAll([.. clients, UploaderAsync(api, workload, stop.Token), loadAverage.SampleAsync(stop.Token)]);
        var elapsed = clock.Elapsed;

        progress.WriteLine($"draining ingestion of {_accepted.Count - seeded} uploaded documents");
        var documents = await DrainAsync(api, options.DrainTimeout);
        var uploadedIds = _accepted.Keys.Where(id => !seedIds.Contains(id)).ToHashSet();
        var uploaded = uploadedIds.Count;
        var ingestDocsPerSecond = uploaded / clock.Elapsed.TotalSeconds;
        var counted = await api.DocumentCountAsync(_collection);

        var byId = documents.ToDictionary(d => d.Id);
        var ingestionTimes = new OperationStats("ingestion");
        foreach (var d in documents.Where(d => uploadedIds.Contains(d.Id) && d.Status is "ready" or "failed")) ingestionTimes.Success(d.IngestionTime);
        var lost = _accepted.Keys.Select(id => byId.TryGetValue(id, out var d) ? Unsettled(d) : $"{id}: accepted but not listed")
            .OfType<string>().ToList();
        return new LoadReport(elapsed, _search, _ask, _upload, seeded, seedDocsPerSecond, uploaded, ingestDocsPerSecond, ingestionTimes,
            documents.Count(d => d.Status == "ready"), documents.Count(d => d.Status == "failed"),
            _accepted.Count, documents.Count, counted, lost, _errorExamples.ToList(), loadAverage.Max);
    }

    /// <summary>Why a listed document does not count as settled, or null when it is ready or failed with a reason.</summary>
    private static string? Unsettled(DocumentState d) => d.Status switch
    {
        "ready" => null,
        "failed" when !string.IsNullOrWhiteSpace(d.Error) => null,
        "failed" => $"{d.Id} ({d.FileName}): failed without a reason",
        _ => $"{d.Id} ({d.FileName}): still {d.Status}",
    };

    /// <summary>Uploads the seed documents batch by batch, letting each batch finish so the seed meets no back-pressure.</summary>
    private async Task SeedAsync(LoadApi api, Workload workload)
    {
        while (_accepted.Count < options.SeedDocuments)
        {
            var batch = workload.NextBatch(Math.Min(options.MaxQueuedDocuments, options.SeedDocuments - _accepted.Count), withPdf: false);
            if (batch.Count == 0 || !await UploadAsync(api, batch, _seed, CancellationToken.None))
                throw new LoadException("seeding failed: " + string.Join("; ", _errorExamples));
            await DrainAsync(api, options.DrainTimeout);
        }
    }

    private async Task ClientAsync(LoadApi api, IReadOnlyList<string> questions, Random random, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var asking = random.Next(2) == 0;
            var stats = asking ? _ask : _search;
            var question = questions[random.Next(questions.Count)];
            var started = Stopwatch.GetTimestamp();
            try
            {
                // Requests are not cancelled at the deadline: the ones in flight finish and count.
                using var response = asking ? await api.AskAsync(_collection, question) : await api.SearchAsync(_collection, question);
                await response.Content.LoadIntoBufferAsync();
                if (response.IsSuccessStatusCode) stats.Success(Stopwatch.GetElapsedTime(started));
                else if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    stats.Throttle();
                    await WaitAsync(LoadApi.RetryAfter(response), stop);
                }
                else await ErrorAsync(stats, response);
            }
            catch (HttpRequestException e) { Error(stats, e.Message); }
            catch (TaskCanceledException e) { Error(stats, "timed out: " + e.Message); }
        }
    }

    private async Task UploaderAsync(LoadApi api, Workload workload, CancellationToken stop)
    {
        for (int batchNumber = 0; !stop.IsCancellationRequested; batchNumber++)
        {
            var batch = workload.NextBatch(options.UploadBatch, withPdf: batchNumber % 2 == 1);
            if (batch.Count == 0) return;
            await UploadAsync(api, batch, _upload, stop);
        }
    }

    /// <summary>Uploads one batch, waiting out 429s as Retry-After says; false if it ended in an error (or the run stopped).</summary>
    private async Task<bool> UploadAsync(LoadApi api, List<UploadFile> batch, OperationStats stats, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await api.UploadAsync(_collection, batch);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    foreach (var id in await LoadApi.AcceptedIdsAsync(response)) _accepted.TryAdd(id, 0);
                    stats.Success(Stopwatch.GetElapsedTime(started));
                    return true;
                }
                if (response.StatusCode != HttpStatusCode.TooManyRequests)
                {
                    await ErrorAsync(stats, response);
                    return false;
                }
                stats.Throttle();
                await WaitAsync(LoadApi.RetryAfter(response), stop);
            }
            catch (HttpRequestException e) { Error(stats, e.Message); return false; }
            catch (TaskCanceledException e) { Error(stats, "timed out: " + e.Message); return false; }
        }
        return false;
    }

    /// <summary>Polls the collection's documents until none is queued or processing, or the timeout passes.</summary>
    private async Task<List<DocumentState>> DrainAsync(LoadApi api, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var documents = await api.DocumentsAsync(_collection);
            if (documents.All(d => d.Status is "ready" or "failed") || deadline.Elapsed > timeout) return documents;
            await Task.Delay(Poll);
        }
    }

    private static async Task WaitAsync(TimeSpan delay, CancellationToken stop) =>
        await Task.Delay(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

    private async Task ErrorAsync(OperationStats stats, HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Error(stats, $"{(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}");
    }

    private void Error(OperationStats stats, string description)
    {
        stats.Error();
        if (_errorExamples.Count < 20) _errorExamples.Enqueue($"{stats.Name}: {description}");
    }
}
