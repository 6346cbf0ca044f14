using Microsoft.AspNetCore.Builder;
using Rag.Api;

namespace Rag.Eval.Service;

/// <summary>The real service, started inside this process on a loopback port and a throw-away data directory.</summary>
public sealed class InProcessService : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string dataDirectory;
    private readonly TextWriter progress;

    private InProcessService(WebApplication app, string dataDirectory, TextWriter progress, string adminKey)
    {
        this.app = app;
        this.dataDirectory = dataDirectory;
        this.progress = progress;
        AdminKey = adminKey;
    }

    public Uri Address { get; private set; } = null!;

    /// <summary>The admin key this service was started with, fresh for every run.</summary>
    public string AdminKey { get; }

    public static async Task<InProcessService> StartAsync(string? model, TextWriter progress, IEnumerable<string>? settings = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("rag-eval-").FullName;
        var adminKey = "rag_eval_" + Guid.NewGuid().ToString("N");
        List<string> args =
        [
            "--urls", "http://127.0.0.1:0",
            $"--Rag:DataDirectory={dataDirectory}",
            // Service logs go to stderr so that stdout carries only results.
            "--Logging:Console:LogToStandardErrorThreshold=Trace",
            "--Logging:LogLevel:Default=Warning",
            $"--Rag:Auth:AdminKey={adminKey}",
            // The evaluation sends thousands of queries as fast as the service answers them.
            "--Rag:RateLimit:QueriesPerMinute=0",
            "--Rag:RateLimit:UploadsPerMinute=0",
            // Extractive answers: no first-run LLM download (Rag:Llm:Provider=auto) during a measurement.
            "--Rag:Llm:Provider=none",
        ];
        if (model is not null)
            args.Add($"--Rag:Embedding:Model={(Directory.Exists(model) ? Path.GetFullPath(model) : model)}");

        args.AddRange((settings ?? []).Select(setting => $"--{setting}"));
        var app = RagApp.Build([.. args]);
        var service = new InProcessService(app, dataDirectory, progress, adminKey);
        try
        {
            await app.StartAsync();
            service.Address = new Uri(app.Urls.FirstOrDefault()
                ?? throw new EvaluationException("the in-process service started without a listening address"));
            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException error)
        {
            progress.WriteLine($"warning: could not delete {dataDirectory}: {error.Message}");
        }
    }
}
