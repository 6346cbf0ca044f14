using System.Diagnostics;

namespace Rag.Testing;

/// <summary>A PostgreSQL server started by <c>tests/scripts/postgres.sh</c> in a temp dir, stopped when disposed or at
/// process exit. A test of a database outage starts its own and pauses and resumes it.</summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(2);

    private LocalPostgres(string instanceDirectory, string connectionString)
    {
        InstanceDirectory = instanceDirectory;
        ConnectionString = connectionString;
    }

    public string InstanceDirectory { get; }
    public string ConnectionString { get; }

    public static async Task<LocalPostgres> StartAsync()
    {
        var instanceDirectory = Directory.CreateTempSubdirectory("rag-postgres-").FullName;
        var (exitCode, stdout, stderr) = await RunScriptAsync("start", instanceDirectory);
        if (exitCode != 0)
        {
            Directory.Delete(instanceDirectory, recursive: true);
            throw new InvalidOperationException(
                $"Could not start a PostgreSQL server for the tests (postgres.sh exit code {exitCode}): {stderr.Trim()}" +
                Environment.NewLine + "Install the PostgreSQL server binaries, set PG_BIN, or point RAG_TEST_POSTGRES at a server.");
        }

        var server = new LocalPostgres(instanceDirectory, stdout.Trim().Split('\n')[^1].Trim());
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        return server;
    }

    private void Stop() => RunScriptAsync("stop", InstanceDirectory).GetAwaiter().GetResult();

    /// <summary>Stops the server (fast shutdown: connections are cut), keeping its data.</summary>
    public Task PauseAsync() => RunOrThrowAsync("pause");

    /// <summary>Starts a paused server again on the same port.</summary>
    public Task ResumeAsync() => RunOrThrowAsync("resume");

    public async ValueTask DisposeAsync() => await RunScriptAsync("stop", InstanceDirectory);

    private async Task RunOrThrowAsync(string command)
    {
        var (exitCode, _, stderr) = await RunScriptAsync(command, InstanceDirectory);
        if (exitCode != 0)
            throw new InvalidOperationException($"postgres.sh {command} failed (exit code {exitCode}): {stderr.Trim()}");
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunScriptAsync(string command, string instanceDirectory)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(ScriptPath());
        start.ArgumentList.Add(command);
        start.ArgumentList.Add(instanceDirectory);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string ScriptPath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "scripts", "postgres.sh");
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException($"tests/scripts/postgres.sh not found above {AppContext.BaseDirectory}.");
    }
}
