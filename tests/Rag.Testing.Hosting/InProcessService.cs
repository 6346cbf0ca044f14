using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Rag.Api;

namespace Rag.Testing.Hosting;

/// <summary>The real service on a real loopback port, with its own data directory, for one test class.</summary>
public sealed class InProcessService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string? _ownedDirectory;
    private readonly Uri _address;

    /// <summary>Sends the admin key.</summary>
    public RagClient Client { get; }

    public string DataDirectory { get; }

    /// <summary>The running service's own services, to wait for its background work.</summary>
    public IServiceProvider Services => _app.Services;

    private InProcessService(WebApplication app, string dataDirectory, bool ownsDirectory, Uri address)
    {
        _app = app;
        _ownedDirectory = ownsDirectory ? dataDirectory : null;
        _address = address;
        DataDirectory = dataDirectory;
        Client = ClientWith(RagClient.AdminKey);
    }

    /// <summary>A client sending another key, or none.</summary>
    public RagClient ClientWith(string? key) => RagClient.Connect(_address, key, TimeSpan.FromMinutes(5));

    /// <summary>A bare client (no key, its own cookies, redirects not followed) whose connections come from another
    /// loopback address (127.0.0.x), so that the service sees another client address.</summary>
    public HttpClient ClientFrom(string loopbackAddress) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(loopbackAddress), 0));
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
    }) { BaseAddress = _address };

    /// <summary>Starts on a fresh data directory, deleted when the service is disposed. The admin key is
    /// <see cref="RagClient.AdminKey"/> unless <paramref name="extraArgs"/> set Rag:Auth:AdminKey; the LLM provider is
    /// none unless they set Rag:Llm:Provider.</summary>
    public static Task<InProcessService> StartAsync(params string[] extraArgs) => StartWithAsync(null, extraArgs);

    /// <summary>As <see cref="StartAsync(string[])"/>, with <paramref name="configureServices"/> run after the service's own registrations.</summary>
    public static Task<InProcessService> StartWithAsync(Action<IServiceCollection>? configureServices, params string[] extraArgs) =>
        StartAsync(Path.Combine(Path.GetTempPath(), "rag-test-" + Guid.NewGuid().ToString("N")), ownsDirectory: true, extraArgs, configureServices);

    /// <summary>Starts on a data directory the caller owns (to restart a service on the same data).</summary>
    public static Task<InProcessService> StartInAsync(string dataDirectory, params string[] extraArgs) =>
        StartAsync(dataDirectory, ownsDirectory: false, extraArgs);

    private static async Task<InProcessService> StartAsync(string dataDirectory, bool ownsDirectory, string[] extraArgs,
        Action<IServiceCollection>? configureServices = null)
    {
        var app = RagApp.Build(["--urls=http://127.0.0.1:0", $"--Rag:DataDirectory={dataDirectory}", "--Logging:LogLevel:Default=Warning",
            $"--Rag:Auth:AdminKey={RagClient.AdminKey}", .. TestDefaults.For(extraArgs), .. extraArgs], configureServices);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new InProcessService(app, dataDirectory, ownsDirectory, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownedDirectory is null) return;
        try { Directory.Delete(_ownedDirectory, recursive: true); } catch (IOException) { }
    }
}
