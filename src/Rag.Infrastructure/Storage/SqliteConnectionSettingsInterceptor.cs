using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Rag.Infrastructure.Storage;

/// <summary>Per-connection SQLite settings that make one writer plus many readers cheap and lock-tolerant.</summary>
internal sealed class SqliteConnectionSettingsInterceptor : DbConnectionInterceptor
{
    // busy_timeout: SQLite waits in millisecond steps for another connection's write lock, as long as the connection
    //   string's Default Timeout; without it Microsoft.Data.Sqlite retries a busy database only every 150 ms, which
    //   makes concurrent writers crawl. After it, "database is locked" (the API answers 503).
    // synchronous=NORMAL: with WAL (set by migration) a commit no longer waits for fsync; the database stays
    //   consistent, and only an OS crash or power cut (not a process crash) can lose the last commits.
    private static string Settings(DbConnection connection) =>
        $"PRAGMA busy_timeout = {((SqliteConnection)connection).DefaultTimeout * 1000}; PRAGMA synchronous = NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Settings(connection);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(
        DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Settings(connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
