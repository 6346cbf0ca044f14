using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rag.Api;
using Microsoft.Extensions.Logging.Abstractions;
using Rag.Onnx.Embedding;
using Rag.Onnx.Embedding.Bundled;

namespace Rag.Bench;

/// <summary>
/// ingest [--model NAME|FOLDER] [--limit N] [--files-per-request 100] [--batch-size 32] [--threads N] [--Rag:Key=Value ...]
/// Starts the real service in this process (temporary data directory, the encoder on N intra-op threads), uploads
/// SciFact abstracts as .txt files through the HTTP API and times them until every one is ready. Then the very chunk
/// texts the service stored run through a bare ONNX Runtime session (same threads, length-sorted batches of the same
/// size as the service's encoder), the ceiling for ingestion. Without --model the service's default, the bundled
/// encoder (unpacked into the benchmark's temporary folder). Extra --Rag:… arguments go to the service as settings (to measure e.g. concurrency or batch budgets).
/// </summary>
public static class IngestBenchmark
{
    private const string Collection = "scifact";
    private const int WarmUpDocuments = 100;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<int> RunAsync(string[] args)
    {
        var settings = args.Where(a => a.StartsWith("--Rag:")).ToList();
        var options = EmbedBenchmark.ParseArgs(args.Except(settings).ToArray());
        var root = EmbedBenchmark.FindRepositoryRoot();
        var model = options.GetValueOrDefault("model") ?? BundledEncoder.Default.Setting;
        var modelFolder = BundledEncoder.Find(model) is { } bundled
            ? BundledEncoderInstaller.Ensure(bundled, Path.Combine(Path.GetTempPath(), "rag-bench-models"), NullLogger.Instance)
            : Path.GetFullPath(model);
        var limit = int.Parse(options.GetValueOrDefault("limit", int.MaxValue.ToString()));
        var filesPerRequest = int.Parse(options.GetValueOrDefault("files-per-request", "100"));
        var batchSize = int.Parse(options.GetValueOrDefault("batch-size", "32"));
        var threads = int.Parse(options.GetValueOrDefault("threads", Math.Min(Environment.ProcessorCount, 8).ToString()));
        var abstracts = SciFactAbstracts(root).Take(limit).ToList();

        var dataDirectory = Directory.CreateTempSubdirectory("rag-ingest-bench-").FullName;
        var apiKey = "rag_bench_" + Guid.NewGuid().ToString("N");
        var app = BuildService(dataDirectory, apiKey, [
            $"--Rag:Upload:MaxQueuedDocuments={abstracts.Count + 1}",
            $"--Rag:Embedding:ModelPath={modelFolder}",
            $"--Rag:Embedding:IntraOpThreads={threads}",
            $"--Rag:Embedding:BatchSize={batchSize}",
            "--Logging:Console:LogToStandardErrorThreshold=Trace",
            "--Logging:LogLevel:Default=Warning",
            .. settings,
        ]);
        List<string> passages;
        int documents;
        double seconds, cpuSeconds;
        try
        {
            await app.StartAsync();
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First().TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(10) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            await CheckAsync(await http.PostAsJsonAsync("api/collections", new { name = Collection }, Json));
            await WarmUpAsync(http, SciFactAbstracts(root).Reverse().Take(WarmUpDocuments));

            Console.Error.WriteLine($"ingesting {abstracts.Count} SciFact abstracts, {filesPerRequest} files per upload, {threads} intra-op threads on {Environment.ProcessorCount} cores");
            var started = Stopwatch.GetTimestamp();
            var cpuStarted = Process.GetCurrentProcess().TotalProcessorTime;
            foreach (var request in abstracts.Chunk(filesPerRequest)) await UploadAsync(http, request);
            await WaitUntilIngestedAsync(http);
            seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuStarted).TotalSeconds;
            (documents, passages) = await StoredPassagesAsync(http);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(dataDirectory, recursive: true);
        }

        using var encoder = OnnxSentenceEncoder.Load(new EncoderOptions { ModelPath = modelFolder, BatchSize = batchSize, IntraOpThreads = threads });
        var batches = TokenBatch.Plan(passages.Select(p => encoder.Tokenizer.Encode(encoder.Folder.Prefixes.Passage + p)).ToArray(),
            batchSize, encoder.Tokenizer.PaddingTokenId);
        var tokens = batches.Sum(b => (long)b.RealTokens);
        using var bare = new BareForwardPass(encoder.Folder.OnnxPath, batches, threads, "cpu");
        bare.Forward(0);
        var bareStarted = Stopwatch.GetTimestamp();
        var bareCpuStarted = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < batches.Count; i++) bare.Forward(i);
        var bareRate = tokens / Stopwatch.GetElapsedTime(bareStarted).TotalSeconds;
        var bareCpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - bareCpuStarted).TotalSeconds;

        var ingestRate = tokens / seconds;
        Console.Error.WriteLine($"{documents} documents, {passages.Count} chunks, {tokens} tokens ingested in {seconds:F1} s; ingest / bare = {ingestRate / bareRate:F3}");
        // Other processes on a shared machine slow both passes unevenly; CPU seconds spent show the overhead regardless.
        Console.Error.WriteLine($"CPU: ingest {cpuSeconds:F1} s, bare {bareCpuSeconds:F1} s (bare / ingest = {bareCpuSeconds / cpuSeconds:F3}); load average {LoadAverage()}");
        Console.WriteLine($"ingest_docs_per_s={documents / seconds:F1} ingest_tokens_per_s={ingestRate:F0} bare_encoder_tokens_per_s={bareRate:F0}");
        return 0;
    }

    /// <summary>The real service in this process on a loopback port, with a private data directory and admin key, no
    /// upload rate limit and extractive answers (no first-run LLM download during a measurement).</summary>
    internal static Microsoft.AspNetCore.Builder.WebApplication BuildService(string dataDirectory, string apiKey, IEnumerable<string> settings) => RagApp.Build([
        "--urls=http://127.0.0.1:0",
        $"--Rag:DataDirectory={dataDirectory}",
        $"--Rag:Auth:AdminKey={apiKey}",
        "--Rag:RateLimit:UploadsPerMinute=0",
        "--Rag:Llm:Provider=none",
        .. settings,
    ]);

    /// <summary>Documents through the whole pipeline before the clock starts, so that loading the model and compiling
    /// the code (tiered JIT) are not timed.</summary>
    private static async Task WarmUpAsync(HttpClient http, IEnumerable<(string FileName, string Text)> documents)
    {
        await CheckAsync(await http.PostAsJsonAsync("api/collections", new { name = "warm-up" }, Json));
        using var form = TextFiles(documents);
        await CheckAsync(await http.PostAsync("api/collections/warm-up/documents", form));
        await WaitUntilIngestedAsync(http, "warm-up");
    }

    private static async Task UploadAsync(HttpClient http, IEnumerable<(string FileName, string Text)> files)
    {
        using var form = TextFiles(files);
        await CheckAsync(await http.PostAsync($"api/collections/{Collection}/documents", form));
    }

    private static MultipartFormDataContent TextFiles(IEnumerable<(string FileName, string Text)> files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (fileName, text) in files)
        {
            var part = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
            part.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
            form.Add(part, "file", fileName);
        }
        return form;
    }

    /// <summary>Polls the cheap consistency report (document counts by state), not the document list.</summary>
    internal static async Task WaitUntilIngestedAsync(HttpClient http, string collection = Collection)
    {
        while (true)
        {
            var report = await http.GetFromJsonAsync<JsonObject>($"api/collections/{collection}/consistency", Json);
            if (report!["documentsInProgress"]!.GetValue<int>() == 0) return;
            await Task.Delay(500);
        }
    }

    /// <summary>The number of documents and the chunk texts the service embedded, read back through the API; every
    /// document must be ready (identical abstracts were stored once).</summary>
    private static async Task<(int Documents, List<string> Passages)> StoredPassagesAsync(HttpClient http)
    {
        var documents = (await http.GetFromJsonAsync<JsonArray>($"api/collections/{Collection}/documents", Json))!;
        if (documents.FirstOrDefault(d => d!["status"]!.GetValue<string>() != "ready") is { } notReady)
            throw new InvalidOperationException($"A document did not become ready: {notReady.ToJsonString()}");
        var passages = new List<string>();
        foreach (var document in documents)
        {
            var chunks = (await http.GetFromJsonAsync<JsonArray>($"api/documents/{document!["id"]}/chunks?limit=1000", Json))!;
            passages.AddRange(chunks.Select(c => c!["heading"]?.GetValue<string>() is { } heading
                ? $"{heading}\n{c["text"]!.GetValue<string>()}"
                : c!["text"]!.GetValue<string>()));
        }
        return (documents.Count, passages);
    }

    internal static IEnumerable<(string FileName, string Text)> SciFactAbstracts(string root)
    {
        var corpus = Path.Combine(root, "..", "shared", "eval", "scifact", "corpus.jsonl");
        if (!File.Exists(corpus)) throw new FileNotFoundException("The SciFact corpus (../shared/eval/scifact) is needed.", corpus);
        foreach (var line in File.ReadLines(corpus))
        {
            var entry = JsonNode.Parse(line)!;
            yield return ($"{entry["_id"]}.txt", $"{entry["title"]}\n\n{entry["text"]}");
        }
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    internal static async Task CheckAsync(HttpResponseMessage response)
    {
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
