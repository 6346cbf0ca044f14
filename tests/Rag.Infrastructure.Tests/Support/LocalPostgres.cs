using System.Diagnostics;

namespace Rag.Infrastructure.Tests.Support;

/// <summary>A PostgreSQL server started by <c>tests/scripts/postgres.sh</c> in a temp dir, stopped at process exit.</summary>
internal sealed class LocalPostgres
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
