using System.Net.Sockets;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Rag.Core.Domain;
using Rag.Infrastructure.Faults;
using Rag.Infrastructure.Ingestion;
using Rag.Infrastructure.Storage;
using Rag.Testing;

namespace Rag.Infrastructure.Tests.Faults;

/// <summary>Real failures of real databases: an unreachable or locked database is a fault of the environment (503),
/// a failing statement is a bug and must stay one (500).</summary>
public sealed class StorageFaultsTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task An_unreachable_PostgreSQL_server_is_a_database_outage()
    {
        await using var connection = new NpgsqlConnection(UnreachablePostgres());
        var error = await Assert.ThrowsAnyAsync<Exception>(() => connection.OpenAsync());
        Assert.Equal(StorageFault.DatabaseUnavailable, StorageFaults.Classify(error));
    }

    [Fact]
    public async Task A_failing_PostgreSQL_statement_is_a_bug_not_an_outage()
    {
        await using var connection = new NpgsqlConnection(await postgres.CreateDatabaseAsync());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1); INSERT INTO t VALUES (1);", connection);
        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.Null(StorageFaults.Classify(error));
        Assert.Null(StorageFaults.Classify(new InvalidOperationException("wrapped", error)));
    }

    [Fact]
    public async Task A_locked_SQLite_database_is_an_outage_and_a_constraint_violation_is_a_bug()
    {
        var directory = Directory.CreateTempSubdirectory("rag-faults-").FullName;
        var database = Path.Combine(directory, "faults.db");
        try
        {
            await using var holder = new SqliteConnection($"Data Source={database};Pooling=False");
            await holder.OpenAsync();
            await ExecuteAsync(holder, "CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1);");
            Assert.Null(StorageFaults.Classify(await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync(holder, "INSERT INTO t VALUES (1);"))));

            await ExecuteAsync(holder, "BEGIN EXCLUSIVE;");
            await using var writer = new SqliteConnection($"Data Source={database};Pooling=False;Default Timeout=1");
            await writer.OpenAsync();
            var locked = await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync(writer, "INSERT INTO t VALUES (2);"));
            Assert.Equal(StorageFault.DatabaseUnavailable, StorageFaults.Classify(locked));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Exceptions_of_code_are_not_faults_of_the_environment()
    {
        Assert.Null(StorageFaults.Classify(new InvalidOperationException("Sequence contains no elements")));
        Assert.Null(StorageFaults.Classify(new FileNotFoundException("missing")));
        Assert.Equal(StorageFault.StorageFull, StorageFaults.Classify(new DbUpdateException("save failed", new IOException("No space left on device", 28))));
    }

    [Fact]
    public async Task Progress_that_cannot_be_written_while_the_database_is_down_does_not_stop_the_work()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{StorageOptions.SectionName}:Provider"] = StorageOptions.Postgres,
            [$"{StorageOptions.SectionName}:ConnectionString"] = UnreachablePostgres(),
        }).Build();
        await using var services = new ServiceCollection().AddRagStorage(configuration, Path.GetTempPath()).BuildServiceProvider();
        var contexts = services.GetRequiredService<IDbContextFactory<RagDbContext>>();

        // An extractor reports progress page by page; it must not take the outage for a damaged file.
        new ProgressWriter(contexts, Guid.NewGuid()).Reporter(CancellationToken.None).Report((1, 10));
        // Between steps the outage does surface, so that the worker can wait for the database.
        var error = await Assert.ThrowsAnyAsync<Exception>(() => new ProgressWriter(contexts, Guid.NewGuid()).StageAsync(IngestionStage.Chunking, 10, CancellationToken.None));
        Assert.Equal(StorageFault.DatabaseUnavailable, StorageFaults.Classify(error));
    }

    /// <summary>A PostgreSQL connection string for a loopback port nothing listens on.</summary>
    private static string UnreachablePostgres()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"Host=127.0.0.1;Port={port};Username=postgres;Timeout=2";
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
