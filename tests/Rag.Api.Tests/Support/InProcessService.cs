using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Rag.Api.Tests.Support;

/// <summary>The real service on a real loopback port, with its own data directory, for one test class.</summary>
public sealed class InProcessService : IAsyncDisposable
{
    private readonly WebApplication _app;
    public string DataDirectory { get; }
    public RagClient Client { get; }

    private InProcessService(WebApplication app, string dataDirectory, Uri address)
    {
        _app = app;
        DataDirectory = dataDirectory;
        Client = new RagClient(new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) });
    }

    public static async Task<InProcessService> StartAsync(params string[] extraArgs)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "rag-test-" + Guid.NewGuid().ToString("N"));
        var app = RagApp.Build(["--urls=http://127.0.0.1:0", $"--Rag:DataDirectory={dataDirectory}", "--Logging:LogLevel:Default=Warning", .. extraArgs]);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new InProcessService(app, dataDirectory, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}
