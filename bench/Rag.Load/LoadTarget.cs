using Microsoft.AspNetCore.Builder;
using Rag.Api;

namespace Rag.Load;

/// <summary>The service under load: one given by --url, or the real service started in this process on a loopback
/// port, a temporary data directory, a random admin key and a small ingestion queue.</summary>
public sealed class LoadTarget : IAsyncDisposable
{
    private readonly WebApplication? _app;
    private readonly string? _dataDirectory;

    private LoadTarget(Uri address, string apiKey, WebApplication? app, string? dataDirectory) =>
        (Address, ApiKey, _app, _dataDirectory) = (address, apiKey, app, dataDirectory);

    public Uri Address { get; }
    public string ApiKey { get; }

    public static async Task<LoadTarget> StartAsync(LoadOptions options)
    {
        if (options.Url is not null) return new LoadTarget(options.Url, options.ApiKey!, null, null);

        var dataDirectory = Directory.CreateTempSubdirectory("rag-load-").FullName;
        var apiKey = Rag.Infrastructure.Access.ApiKeySecrets.NewSecret();
        var app = RagApp.Build([
            "--urls=http://127.0.0.1:0",
            $"--Rag:DataDirectory={dataDirectory}",
            $"--Rag:Auth:AdminKey={apiKey}",
            $"--Rag:Upload:MaxQueuedDocuments={options.MaxQueuedDocuments}",
            // All clients share one key: per-key rate limits would measure the limiter, not the service.
            "--Rag:RateLimit:QueriesPerMinute=0",
            "--Rag:RateLimit:UploadsPerMinute=0",
            // Keyword retrieval and extractive answers: the figures measure the service, not the encoder.
            "--Rag:Embedding:Model=none",
            // Extractive answers: no first-run LLM download (Rag:Llm:Provider=auto) during a measurement.
            "--Rag:Llm:Provider=none",
            // Service logs go to stderr so that stdout carries only results.
            "--Logging:Console:LogToStandardErrorThreshold=Trace",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await app.StartAsync();
        var address = app.Urls.First();
        return new LoadTarget(new Uri(address.TrimEnd('/') + "/"), apiKey, app, dataDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        try { Directory.Delete(_dataDirectory!, recursive: true); } catch (IOException) { }
    }
}
