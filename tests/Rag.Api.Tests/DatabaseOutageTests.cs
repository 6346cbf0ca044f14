using System.Net.Http.Json;
using System.Net;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using Rag.Testing.Documents;
using Rag.Testing.Hosting;
using Rag.Testing;

namespace Rag.Api.Tests;

/// <summary>The database goes away under a running service: it says so (503 with Retry-After, not ready, still
/// live), ingestion waits instead of failing documents, and once the database is back everything carries on with
/// nothing lost.</summary>
public sealed class DatabaseOutageTests
{
    [Fact]
    public async Task PostgreSQL_outage_gives_503_and_the_service_recovers_when_it_returns()
    {
        await using var postgres = await LocalPostgres.StartAsync();
        // Short timeouts keep the outage quick to notice; MaxAttempts=1 shows that the outage uses up no attempt.
        var connectionString = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Timeout = 3, CommandTimeout = 5 }.ConnectionString;
        await using var service = await InProcessService.StartAsync("--Rag:Storage:Provider=postgres", $"--Rag:Storage:ConnectionString={connectionString}",
            "--Rag:Ingestion:MaxAttempts=1", "--Rag:Ingestion:Lease=00:00:03");
        var api = service.Client;
        await api.CreateCollectionAsync("outage");
        var note = (await api.UploadOkAsync("outage", ("note.txt", Encoding.UTF8.GetBytes("The valve opens at four bar."))))[0];
        await api.ReadyAsync(note);
        var paper = (await api.UploadOkAsync("outage", ("paper.pdf", await File.ReadAllBytesAsync(EvalPdfs.PathOf("long-docs/MOZILLA-2775-1.pdf")))))[0];
        await WaitForStatusAsync(api, paper, "processing");

        // Health probes, with and without a key: open routes never look a key up, so liveness needs no database.
        using var probe = new HttpClient { BaseAddress = api.Http.BaseAddress };
        await postgres.PauseAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await probe.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Http.GetAsync("/health/live")).StatusCode);
        await AssertUnavailableAsync(await api.Http.GetAsync("/api/collections"));
        await AssertUnavailableAsync(await api.Http.GetAsync($"/api/documents/{note}"));
        await AssertUnavailableAsync(await api.UploadAsync("outage", ("late.txt", Encoding.UTF8.GetBytes("Uploaded while the database was down."))));
        await AssertUnavailableAsync(await api.Http.PostAsJsonAsync("/api/search", new { collection = "outage", query = "valve" }));
        await Task.Delay(TimeSpan.FromSeconds(5)); // longer than the lease: the workers keep failing to reach the database meanwhile

        await postgres.ResumeAsync();

        await WaitUntilReadyAsync(probe);
        Assert.Equal("ready", (await api.ReadyAsync(paper))["status"]!.GetValue<string>());
        Assert.Equal("ready", (await api.DocumentAsync(note))["status"]!.GetValue<string>());
        Assert.Equal(2, (await api.Http.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/collections/outage"))!["documentCount"]!.GetValue<int>());
        await api.AssertConsistentAsync("outage");
        Assert.Equal(note, (await api.SearchAsync("outage", "valve opens"))[0]!["documentId"]!.GetValue<Guid>());
        await api.ReadyAsync((await api.UploadOkAsync("outage", ("after.txt", Encoding.UTF8.GetBytes("Uploaded after the outage."))))[0]);
    }

    [Fact]
    public async Task Locked_SQLite_database_gives_503_not_500()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "rag-locked-" + Guid.NewGuid().ToString("N"));
        var database = Path.Combine(dataDirectory, "rag.db");
        try
        {
            // A writer waits one second for the lock instead of the default thirty.
            await using var service = await InProcessService.StartInAsync(dataDirectory, $"--Rag:Storage:ConnectionString=Data Source={database};Default Timeout=1");
            var api = service.Client;
            await api.CreateCollectionAsync("locked");

            await using (var holder = new SqliteConnection($"Data Source={database};Pooling=False"))
            {
                await holder.OpenAsync();
                await using (var lockAll = holder.CreateCommand())
                {
                    lockAll.CommandText = "BEGIN EXCLUSIVE;";
                    await lockAll.ExecuteNonQueryAsync();
                }
                await AssertUnavailableAsync(await api.Http.PostAsJsonAsync("/api/collections", new { name = "blocked" }));
            }

            await api.CreateCollectionAsync("unblocked");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After is missing.");
        var problem = await RagClient.ProblemAsync(response);
        Assert.Equal("Database unavailable", problem["title"]!.GetValue<string>());
    }

    private static async Task WaitUntilReadyAsync(HttpClient probe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await probe.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The service did not become ready again after the database returned.");
            await Task.Delay(200);
        }
    }

    private static async Task WaitForStatusAsync(RagClient api, Guid id, string status)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while ((await api.DocumentAsync(id))["status"]!.GetValue<string>() != status)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Document {id} never reached '{status}'.");
            await Task.Delay(50);
        }
    }
}
