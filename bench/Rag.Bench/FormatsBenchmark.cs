using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Rag.Infrastructure.Extraction;

namespace Rag.Bench;

/// <summary>
/// formats [--articles 300] [--model none|NAME|FOLDER] [--Rag:Key=Value ...]
/// The same SciFact abstracts written as DOCX, PPTX, XLSX, CSV, HTML and plain text (<see cref="FormatSamples"/>).
/// For each: the extractor alone (sniffed and read as ingestion does, best of three), then the whole ingestion through
/// the real service in this process (upload until ready). Without --model no encoder runs (keyword index only), so the
/// figures show what a format costs rather than the embedding, which is the same for every format.
/// </summary>
public static class FormatsBenchmark
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<int> RunAsync(string[] args)
    {
        var settings = args.Where(a => a.StartsWith("--Rag:")).ToList();
        var options = EmbedBenchmark.ParseArgs(args.Except(settings).ToArray());
        var root = EmbedBenchmark.FindRepositoryRoot();
        var count = int.Parse(options.GetValueOrDefault("articles", "300"));
        var model = options.GetValueOrDefault("model", "none");
        var articles = IngestBenchmark.SciFactAbstracts(root).Take(count)
            .Select(a => (Title: a.Text.Split("\n\n", 2)[0], Text: a.Text.Split("\n\n", 2)[1])).ToList();
        var deck = File.ReadAllBytes(Path.Combine(root, "tests", "Rag.Testing", "Documents", "Fixtures", "deck.pptx"));
        var samples = new (string Name, byte[] Content)[]
        {
            ("sample.txt", FormatSamples.Text(articles)),
            ("sample.docx", FormatSamples.Docx(articles)),
            ("sample.pptx", FormatSamples.Pptx(articles, deck)),
            ("sample.xlsx", FormatSamples.Xlsx(articles)),
            ("sample.csv", FormatSamples.Csv(articles)),
            ("sample.html", FormatSamples.Html(articles)),
        };

        var dataDirectory = Directory.CreateTempSubdirectory("rag-formats-bench-").FullName;
        var apiKey = "rag_bench_" + Guid.NewGuid().ToString("N");
        var app = IngestBenchmark.BuildService(dataDirectory, apiKey, [
            $"--Rag:Embedding:Model={model}",
            "--Logging:LogLevel:Default=Warning",
            .. settings,
        ]);
        try
        {
            await app.StartAsync();
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First().TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(10) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            foreach (var collection in new[] { "warm-up", "formats" })
                await IngestBenchmark.CheckAsync(await http.PostAsJsonAsync("api/collections", new { name = collection }, Json));
            foreach (var sample in samples) await IngestAsync(http, "warm-up", sample); // JIT and first-use costs untimed
            var extractors = app.Services.GetRequiredService<ExtractorRegistry>();

            Console.Error.WriteLine($"{count} SciFact abstracts per sample, embedding model {model}, {Environment.ProcessorCount} cores");
            foreach (var sample in samples)
            {
                var extractMs = new List<double>();
                for (var i = 0; i < 3; i++) extractMs.Add(await ExtractMillisecondsAsync(extractors, sample));
                var (seconds, document) = await IngestAsync(http, "formats", sample);
                Console.WriteLine(FormattableString.Invariant(
                    $"format={Path.GetExtension(sample.Name)[1..]} bytes={sample.Content.Length} pages={document["pageCount"]} chunks={document["chunkCount"]} extract_ms={extractMs.Min():F0} ingest_s={seconds:F2}"));
            }
            Console.Error.WriteLine($"load average {IngestBenchmark.LoadAverage()}");
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(dataDirectory, recursive: true);
        }
        return 0;
    }

    private static async Task<double> ExtractMillisecondsAsync(ExtractorRegistry extractors, (string Name, byte[] Content) sample)
    {
        var started = Stopwatch.GetTimestamp();
        using var stream = new MemoryStream(sample.Content);
        var contentType = ContentSniffer.Sniff(stream, sample.Name)!;
        stream.Position = 0;
        await extractors.Find(contentType)!.ExtractAsync(stream, null, CancellationToken.None);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static async Task<(double Seconds, JsonObject Document)> IngestAsync(HttpClient http, string collection, (string Name, byte[] Content) sample)
    {
        var started = Stopwatch.GetTimestamp();
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(sample.Content), "file", sample.Name);
        using var response = await http.PostAsync($"api/collections/{collection}/documents", form);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{sample.Name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var id = (await response.Content.ReadFromJsonAsync<JsonArray>(Json))![0]!["id"]!.GetValue<Guid>();
        await IngestBenchmark.WaitUntilIngestedAsync(http, collection);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var document = (await http.GetFromJsonAsync<JsonObject>($"api/documents/{id}", Json))!;
        if (document["status"]!.GetValue<string>() != "ready")
            throw new InvalidOperationException($"{sample.Name} did not become ready: {document.ToJsonString()}");
        return (seconds, document);
    }
}
