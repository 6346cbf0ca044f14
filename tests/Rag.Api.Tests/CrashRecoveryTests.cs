using Rag.Infrastructure.Tests.Extraction;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Rag.Api.Tests.Support;

namespace Rag.Api.Tests;

/// <summary>Kills the service process in the middle of ingesting a long PDF and checks that the next start finishes
/// the job with exactly the chunks an uninterrupted run produces: none missing, none twice.</summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "rag-crash-" + Guid.NewGuid().ToString("N"));
    private static readonly string[] ShortLease = ["--Rag:Ingestion:Lease=00:00:03"];

    [Fact]
    public async Task Killed_mid_ingestion_resumes_without_duplicate_or_missing_chunks()
    {
        var manual = await File.ReadAllBytesAsync(EvalPdfs.PathOf("long-docs/SPARC - v9 Architecture Manual.pdf"));
        var small = System.Text.Encoding.UTF8.GetBytes("A short note that is ingested before the crash.");
        Guid manualId, smallId;

        using (var first = await ChildProcessService.StartAsync(_dataDirectory, ShortLease))
        {
            await first.Client.CreateCollectionAsync("crash");
            smallId = (await first.Client.UploadOkAsync("crash", ("note.txt", small)))[0];
            await first.Client.ReadyAsync(smallId);
            manualId = (await first.Client.UploadOkAsync("crash", ("sparc.pdf", manual)))[0];
            await WaitUntilMidExtractionAsync(first.Client, manualId);
            first.Kill();
        }

        using (var second = await ChildProcessService.StartAsync(_dataDirectory, ShortLease))
        {
            var document = await second.Client.WaitSettledAsync(manualId, TimeSpan.FromMinutes(4));
            Assert.Equal("ready", document["status"]!.GetValue<string>());
            Assert.Equal(399, document["pageCount"]!.GetValue<int>());

            var chunks = await AllChunksAsync(second.Client, manualId);
            Assert.Equal(document["chunkCount"]!.GetValue<int>(), chunks.Count);
            Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c["ordinal"]!.GetValue<int>()));
            Assert.Equal(chunks.Count, chunks.Select(c => c["id"]!.GetValue<Guid>()).Distinct().Count());
            Assert.Equal("ready", (await second.Client.DocumentAsync(smallId))["status"]!.GetValue<string>());

            var reference = await ReferenceChunkTextsAsync(manual);
            Assert.Equal(reference, chunks.Select(c => c["text"]!.GetValue<string>()).ToList());

            var hits = await second.Client.SearchAsync("crash", "SPARC architecture manual", top: 50);
            Assert.Equal(hits.Count, hits.Select(h => (h!["documentId"]!.GetValue<Guid>(), h["start"]!.GetValue<int>(), h["page"]!.GetValue<int>())).Distinct().Count());
        }
    }

    private static async Task WaitUntilMidExtractionAsync(RagClient client, Guid id)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            var document = await client.DocumentAsync(id);
            var progress = document["progress"]!;
            if (progress["stage"]!.GetValue<string>() == "extracting" && progress["done"]!.GetValue<int>() >= 20) return;
            Assert.NotEqual("ready", document["status"]!.GetValue<string>());
            await Task.Delay(50);
        }
        throw new TimeoutException("Ingestion never reached the middle of extraction.");
    }

    private static async Task<List<JsonNode>> AllChunksAsync(RagClient client, Guid id)
    {
        var all = new List<JsonNode>();
        while (true)
        {
            var page = (await client.Http.GetFromJsonAsync<JsonArray>($"/api/documents/{id}/chunks?offset={all.Count}&limit=1000"))!;
            if (page.Count == 0) return all;
            all.AddRange(page.Select(n => n!));
        }
    }

    /// <summary>The chunks an uninterrupted ingestion of the same file produces, in a fresh service.</summary>
    private static async Task<List<string>> ReferenceChunkTextsAsync(byte[] manual)
    {
        await using var clean = await InProcessService.StartAsync();
        await clean.Client.CreateCollectionAsync("reference");
        var id = (await clean.Client.UploadOkAsync("reference", ("sparc.pdf", manual)))[0];
        await clean.Client.WaitSettledAsync(id, TimeSpan.FromMinutes(4));
        return (await AllChunksAsync(clean.Client, id)).Select(c => c["text"]!.GetValue<string>()).ToList();
    }

    public void Dispose()
    {
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }
}
