using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;

namespace Rag.Testing.Hosting;

/// <summary>The service as a separate OS process, so a test can kill it for real (SIGKILL) and start it again
/// on the same data directory.</summary>
public sealed class ChildProcessService : IDisposable
{
    private readonly Process _process;
    private readonly Uri _address;
    private readonly ConcurrentQueue<string> _output = new();

    /// <summary>Sends the admin key.</summary>
    public RagClient Client { get; }

    /// <summary>What the service has written to standard output so far, line by line.</summary>
    public IReadOnlyList<string> Output => _output.ToArray();

    private ChildProcessService(Process process, Uri address)
    {
        _process = process;
        _address = address;
        Client = ClientWith(RagClient.AdminKey);
    }

    /// <summary>A client sending another key, or none.</summary>
    public RagClient ClientWith(string? key) => RagClient.Connect(_address, key, TimeSpan.FromMinutes(2));

    public static async Task<ChildProcessService> StartAsync(string dataDirectory, params string[] extraArgs)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[RepositoryPaths.ApiAssembly, $"--urls=http://127.0.0.1:{port}", $"--Rag:DataDirectory={dataDirectory}",
                     $"--Rag:Auth:AdminKey={RagClient.AdminKey}", .. TestDefaults.For(extraArgs), .. extraArgs])
            start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        var service = new ChildProcessService(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) service._output.Enqueue(line.Data); };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"The service exited with code {process.ExitCode} during start-up.");
            try
            {
                if ((await service.Client.Http.GetAsync("/health")).IsSuccessStatusCode) return service;
            }
            catch (HttpRequestException) { }
            if (DateTime.UtcNow > deadline) { service.Dispose(); throw new TimeoutException("The service did not become healthy within 60 s."); }
            await Task.Delay(200);
        }
    }

    /// <summary>The most memory the service process has held so far (its peak resident set).</summary>
    public long PeakWorkingSetBytes
    {
        get
        {
            _process.Refresh();
            return _process.PeakWorkingSet64;
        }
    }

    /// <summary>Kills the process without any chance to clean up, like a power cut or OOM kill.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
