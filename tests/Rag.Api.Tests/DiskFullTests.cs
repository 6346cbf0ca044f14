using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using System.Text;
using Rag.Testing.Hosting;
using Rag.Testing.Models;

namespace Rag.Api.Tests;

/// <summary>The disk under the data directory (database, keyword and vector indexes, originals) fills up: uploads are
/// refused with 507 and a message a person understands, what was stored stays intact and searchable, and once
/// there is room again new uploads work and a restart opens everything cleanly.</summary>
public sealed class DiskFullTests
{
    private const int SmallDiskMegabytes = 16;
    private const int RoomyDiskMegabytes = 256;
    private const long LeftFreeBytes = 2L << 20;

    [TmpfsFact]
    public async Task Full_disk_refuses_uploads_keeps_stored_documents_and_recovers_when_space_returns()
    {
        using var disk = Tmpfs.Mount(SmallDiskMegabytes);
        string[] args = [$"--Rag:Embedding:ModelPath={TestModels.Folder(TestModels.MiniLm)}", "--Rag:Ingestion:MaxAttempts=2"];
        var facts = new[]
        {
            "The lighthouse keeper climbs two hundred steps every evening.",
            "The invoice must be paid within thirty days of delivery.",
        };
        var stored = new List<(Guid Id, int Chunks)>();
        var refused = false;

        await using (var service = await InProcessService.StartInAsync(disk.Directory, args))
        {
            var api = service.Client;
            await api.CreateCollectionAsync("full");
            foreach (var (fact, i) in facts.Select((f, i) => (f, i)))
            {
                var id = (await api.UploadOkAsync("full", ($"fact{i}.txt", Encoding.UTF8.GetBytes(fact))))[0];
                stored.Add((id, (await api.ReadyAsync(id))["chunkCount"]!.GetValue<int>()));
            }

            // Another tenant of the disk takes all but a little of the space; uploads then fill the rest.
            FillDisk(disk.Directory, LeftFreeBytes);
            var accepted = new List<Guid>();
            for (var i = 0; i < 40 && !refused; i++)
            {
                var response = await api.UploadAsync("full", ($"filler{i}.txt", FillerText(i, 32 << 10)));
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    accepted.AddRange((await response.Content.ReadFromJsonAsync<JsonArray>())!.Select(d => d!["id"]!.GetValue<Guid>()));
                    continue;
                }
                Assert.Equal(HttpStatusCode.InsufficientStorage, response.StatusCode);
                var problem = await RagClient.ProblemAsync(response);
                Assert.Equal("Insufficient storage", problem["title"]!.GetValue<string>());
                Assert.Contains("disk space", problem["detail"]!.GetValue<string>());
                refused = true;
            }
            Assert.True(refused, "The disk never filled up.");

            // What was stored before is untouched and still found.
            await AssertStoredIntactAsync(api, stored, facts);

            disk.Resize(RoomyDiskMegabytes);

            // Documents accepted just before the disk filled end ready, or failed with a reason that names the disk.
            foreach (var id in accepted)
            {
                var document = await api.WaitSettledAsync(id, TimeSpan.FromMinutes(3));
                if (document["status"]!.GetValue<string>() == "failed")
                    Assert.Contains("disk space", document["error"]!.GetValue<string>());
            }
            var after = (await api.UploadOkAsync("full", ("after.txt", Encoding.UTF8.GetBytes("Uploaded once there was room again."))))[0];
            await api.ReadyAsync(after);
            await api.AssertConsistentAsync("full");
        }

        await using (var restarted = await InProcessService.StartInAsync(disk.Directory, args))
        {
            await restarted.Client.AssertConsistentAsync("full");
            await AssertStoredIntactAsync(restarted.Client, stored, facts);
            await restarted.Client.ReadyAsync((await restarted.Client.UploadOkAsync("full", ("restart.txt", Encoding.UTF8.GetBytes("Uploaded after the restart."))))[0]);
        }
    }

    private static async Task AssertStoredIntactAsync(RagClient api, List<(Guid Id, int Chunks)> stored, string[] facts)
    {
        foreach (var ((id, chunks), fact) in stored.Zip(facts))
        {
            var document = await api.DocumentAsync(id);
            Assert.Equal("ready", document["status"]!.GetValue<string>());
            Assert.Equal(chunks, (await api.ChunksAsync(id)).Count);
            var hits = await api.SearchAsync("full", fact, top: 3);
            Assert.Equal(id, hits[0]!["documentId"]!.GetValue<Guid>());
        }
    }

    /// <summary>Writes a file that leaves about <paramref name="leftFree"/> bytes free on the file system.</summary>
    private static void FillDisk(string directory, long leftFree)
    {
        var free = new DriveInfo(directory).AvailableFreeSpace;
        using var filler = new FileStream(Path.Combine(directory, "other-tenant.bin"), FileMode.CreateNew);
        var block = new byte[1 << 16];
        Random.Shared.NextBytes(block);
        for (long written = 0; written < free - leftFree; written += block.Length)
            filler.Write(block);
    }

    /// <summary>Distinct text of about <paramref name="bytes"/> bytes (distinct, so no upload is a duplicate of another).</summary>
    private static byte[] FillerText(int seed, int bytes)
    {
        var random = new Random(seed);
        var text = new StringBuilder(bytes + 64);
        while (text.Length < bytes)
        {
            for (var w = 0; w < 12; w++)
                text.Append("term").Append(random.Next(100_000)).Append(' ');
            text.Append(".\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
