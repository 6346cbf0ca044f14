using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Rag.Testing.Hosting;

/// <summary>A local stand-in for the Hugging Face Hub serving one folder as repository <see cref="Repository"/> at
/// <see cref="Revision"/>, with the Hub's two routes: the tree API (/api/models/{repo}/tree/{rev}?recursive=true: path,
/// size, git blob SHA-1, and for LFS files, here *.onnx and tokenizer.json as on the Hub, the SHA-256) and
/// /{repo}/resolve/{rev}/{path} with HTTP Range. Faults on demand: a file whose first transfer breaks off after some
/// bytes, a file served with one byte changed, a file held back until released.</summary>
public sealed class StandInHub : IAsyncDisposable
{
    public const string Repository = "test-org/tiny-qwen2";
    public const string Revision = "0123456789abcdef0123456789abcdef01234567";

    private readonly WebApplication _app;
    private readonly string _folder;
    private readonly List<(string Path, string? Range)> _requests = [];
    private readonly Dictionary<string, long> _cutOnce = [];
    private readonly HashSet<string> _tampered = [];
    private readonly Dictionary<string, TaskCompletionSource> _held = [];

    public Uri Endpoint { get; }

    private StandInHub(WebApplication app, string folder, Uri endpoint) => (_app, _folder, Endpoint) = (app, folder, endpoint);

    /// <summary>The resolve requests so far: file path and Range header.</summary>
    public IReadOnlyList<(string Path, string? Range)> Requests { get { lock (_requests) return _requests.ToList(); } }

    public static async Task<StandInHub> StartAsync(string folder)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        StandInHub? hub = null;
        app.MapGet("/api/models/{owner}/{name}/tree/{revision}", (string owner, string name, string revision) =>
            $"{owner}/{name}" == Repository && revision == Revision ? Results.Json(hub!.Tree()) : Results.NotFound());
        app.MapGet("/{owner}/{name}/resolve/{revision}/{**path}", (string owner, string name, string revision, string path, HttpContext context) =>
            hub!.ResolveAsync($"{owner}/{name}", revision, path, context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        hub = new StandInHub(app, folder, new Uri(address));
        return hub;
    }

    /// <summary>The file's first transfer stops after this many bytes and the connection is dropped.</summary>
    public void CutOnce(string path, long afterBytes) { lock (_cutOnce) _cutOnce[path] = afterBytes; }

    /// <summary>The file is served with one byte changed, while the tree still lists the original's checksums.</summary>
    public void Tamper(string path) { lock (_tampered) _tampered.Add(path); }

    /// <summary>Transfers of the file wait (after their first megabyte) until <see cref="Release"/>.</summary>
    public void Hold(string path) { lock (_held) _held[path] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously); }

    public void Release(string path) { lock (_held) _held[path].TrySetResult(); }

    private static bool IsLfs(string path) => path.EndsWith(".onnx", StringComparison.Ordinal) || path == "tokenizer.json";

    private JsonArray Tree()
    {
        var entries = new JsonArray();
        foreach (var file in Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories).Order())
        {
            var path = Path.GetRelativePath(_folder, file).Replace('\\', '/');
            var bytes = File.ReadAllBytes(file);
            var entry = new JsonObject { ["type"] = "file", ["path"] = path, ["size"] = bytes.Length, ["oid"] = GitBlobSha1(bytes) };
            if (IsLfs(path))
                entry["lfs"] = new JsonObject { ["oid"] = Convert.ToHexStringLower(SHA256.HashData(bytes)), ["size"] = bytes.Length, ["pointerSize"] = 134 };
            entries.Add(entry);
        }
        return entries;
    }

    private static string GitBlobSha1(byte[] content) =>
        Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {content.Length}\0"), .. content]));

    private async Task ResolveAsync(string repository, string revision, string path, HttpContext context)
    {
        var range = context.Request.Headers.Range.ToString();
        lock (_requests) _requests.Add((path, range.Length == 0 ? null : range));
        var file = Path.Combine(_folder, path);
        if (repository != Repository || revision != Revision || !File.Exists(file))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var bytes = await File.ReadAllBytesAsync(file);
        lock (_tampered) if (_tampered.Contains(path)) bytes[bytes.Length / 2] ^= 0xFF;

        long start = range.StartsWith("bytes=", StringComparison.Ordinal) ? long.Parse(range["bytes=".Length..].TrimEnd('-')) : 0;
        if (start > 0)
        {
            context.Response.StatusCode = StatusCodes.Status206PartialContent;
            context.Response.Headers.ContentRange = $"bytes {start}-{bytes.Length - 1}/{bytes.Length}";
        }
        context.Response.ContentLength = bytes.Length - start;

        long cut;
        lock (_cutOnce) cut = _cutOnce.Remove(path, out var after) ? after : long.MaxValue;
        TaskCompletionSource? held;
        lock (_held) held = _held.GetValueOrDefault(path);

        var body = bytes.AsMemory((int)start);
        var first = body[..Math.Min(body.Length, 1 << 20)];
        if (cut < body.Length)
        {
            await context.Response.Body.WriteAsync(body[..(int)cut]);
            await context.Response.Body.FlushAsync();
            context.Abort();
            return;
        }
        await context.Response.Body.WriteAsync(first);
        await context.Response.Body.FlushAsync();
        if (held is not null) await held.Task.WaitAsync(context.RequestAborted);
        await context.Response.Body.WriteAsync(body[first.Length..]);
    }

    public async ValueTask DisposeAsync()
    {
        lock (_held) foreach (var gate in _held.Values) gate.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
