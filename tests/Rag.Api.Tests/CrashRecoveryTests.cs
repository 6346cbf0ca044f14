using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using Rag.Testing.Documents;
using Rag.Testing.Hosting;
using Rag.Testing.Models;

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

            var chunks = await second.Client.ChunksAsync(manualId);
            Assert.Equal(document["chunkCount"]!.GetValue<int>(), chunks.Count);
            Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c["ordinal"]!.GetValue<int>()));
            Assert.Equal(chunks.Count, chunks.Select(c => c["id"]!.GetValue<Guid>()).Distinct().Count());
            Assert.Equal("ready", (await second.Client.DocumentAsync(smallId))["status"]!.GetValue<string>());

            var reference = await ReferenceChunkTextsAsync(manual);
            Assert.Equal(reference, chunks.Select(c => c["text"]!.GetValue<string>()).ToList());

            var hits = await second.Client.SearchAsync("crash", "SPARC architecture manual", top: 50);
            Assert.Equal(hits.Count, hits.Select(h => (h!["documentId"]!.GetValue<Guid>(), h["start"]!.GetValue<int>(), h["page"]!.GetValue<int>())).Distinct().Count());
            var report = await second.Client.AssertConsistentAsync("crash");
            Assert.Equal(chunks.Count + 1, report["databaseChunks"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task Killed_while_streaming_an_answer_and_ingesting_restarts_with_every_store_intact()
    {
        await using var llm = await ScriptedChatServer.StartAsync();
        llm.Script = _ => string.Concat(Enumerable.Repeat("The keeper climbs two hundred steps every evening [1]. ", 40));
        llm.PieceDelay = TimeSpan.FromMilliseconds(50);
        string[] args = [.. ShortLease, "--Rag:Llm:Provider=openai", $"--Rag:Llm:Endpoint={llm.Endpoint}", "--Rag:Llm:Model=scripted-model",
            $"--Rag:Embedding:ModelPath={TestModels.Folder(TestModels.MiniLm)}"];
        const string question = "How many steps does the lighthouse keeper climb every evening?";
        var note = System.Text.Encoding.UTF8.GetBytes("The lighthouse keeper climbs two hundred steps every evening.");
        var pdfs = new[] { "long-docs/MOZILLA-2775-1.pdf", "papers-multicolumn/ICML03-081.pdf", "papers-multicolumn/2108.11480.pdf" };
        var uploads = pdfs.Select(p => (Path.GetFileName(p), File.ReadAllBytes(EvalPdfs.PathOf(p)))).ToArray();
        var ids = new List<Guid>();

        using (var first = await ChildProcessService.StartAsync(_dataDirectory, args))
        {
            await first.Client.CreateCollectionAsync("stream");
            ids.Add((await first.Client.UploadOkAsync("stream", ("note.txt", note)))[0]);
            await first.Client.ReadyAsync(ids[0]);
            ids.AddRange(await first.Client.UploadOkAsync("stream", uploads));
            await WaitUntilProcessingAsync(first.Client, ids[1]);

            var request = new HttpRequestMessage(HttpMethod.Post, "/api/ask") { Content = JsonContent.Create(new { collection = "stream", question }) };
            request.Headers.Accept.ParseAdd("text/event-stream");
            using var response = await first.Client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var tokens = 0;
            var sawAnswer = false;
            try
            {
                await foreach (var e in ServerSentEventReader.ReadAsync(response))
                {
                    sawAnswer |= e.EventType == "answer";
                    if (e.EventType == "token" && ++tokens == 5) first.Kill();
                }
            }
            catch (Exception e) when (e is IOException or HttpRequestException) { } // the connection died with the process
            Assert.InRange(tokens, 5, 100); // a few more were on their way when it died; the whole reply is hundreds of pieces
            Assert.False(sawAnswer);
        }

        llm.PieceDelay = TimeSpan.Zero;
        using (var second = await ChildProcessService.StartAsync(_dataDirectory, args))
        {
            Assert.Equal(HttpStatusCode.OK, (await second.Client.Http.GetAsync("/health/ready")).StatusCode);
            foreach (var id in ids)
            {
                var document = await second.Client.WaitSettledAsync(id, TimeSpan.FromMinutes(4));
                Assert.True(document["status"]!.GetValue<string>() == "ready", document.ToJsonString());
                var chunks = await second.Client.ChunksAsync(id);
                Assert.Equal(document["chunkCount"]!.GetValue<int>(), chunks.Count);
                Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c["ordinal"]!.GetValue<int>()));
                Assert.Equal(chunks.Count, chunks.Select(c => c["id"]!.GetValue<Guid>()).Distinct().Count());
            }
            var collection = (await second.Client.Http.GetFromJsonAsync<JsonObject>("/api/collections/stream"))!;
            Assert.Equal(ids.Count, collection["documentCount"]!.GetValue<int>());
            var report = await second.Client.AssertConsistentAsync("stream");
            Assert.NotNull(report["vectorChunks"]);

            var answer = await second.Client.AskAsync("stream", question);
            Assert.True(answer["grounded"]!.GetValue<bool>(), answer.ToJsonString());
            Assert.Contains(answer["sources"]!.AsArray(), source => source!["documentId"]!.GetValue<Guid>() == ids[0]);
        }
    }

    private static async Task WaitUntilProcessingAsync(RagClient client, Guid id)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while ((await client.DocumentAsync(id))["status"]!.GetValue<string>() != "processing")
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Ingestion never started.");
            await Task.Delay(50);
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

    /// <summary>The chunks an uninterrupted ingestion of the same file produces, in a fresh service.</summary>
    private static async Task<List<string>> ReferenceChunkTextsAsync(byte[] manual)
    {
        await using var clean = await InProcessService.StartAsync();
        await clean.Client.CreateCollectionAsync("reference");
        var id = (await clean.Client.UploadOkAsync("reference", ("sparc.pdf", manual)))[0];
        await clean.Client.WaitSettledAsync(id, TimeSpan.FromMinutes(4));
        return (await clean.Client.ChunksAsync(id)).Select(c => c["text"]!.GetValue<string>()).ToList();
    }

    public void Dispose()
    {
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }
}
