using Microsoft.Data.Sqlite;
using Npgsql;

namespace Rag.Infrastructure.Faults;

public enum StorageFault
{
    /// <summary>The database cannot be reached or is locked; the same request should work again later.</summary>
    DatabaseUnavailable,

    /// <summary>The disk holding the data (database, indexes, originals) is full.</summary>
    StorageFull,
}

/// <summary>Tells faults of the environment (database down, disk full) from bugs, by looking through an exception
/// and its inner exceptions. Anything it does not recognise is a bug and stays one (null).</summary>
public static class StorageFaults
{
    private const int LinuxNoSpace = 28; // ENOSPC
    private const int WindowsDiskFull = 0x70; // ERROR_DISK_FULL
    private const int WindowsHandleDiskFull = 0x27; // ERROR_HANDLE_DISK_FULL

    // https://www.sqlite.org/rescode.html
    private const int SqliteBusy = 5, SqliteLocked = 6, SqliteReadOnly = 8, SqliteIoError = 10, SqliteFull = 13, SqliteCantOpen = 14;

    public static StorageFault? Classify(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case IOException io when IsDiskFull(io):
                    return StorageFault.StorageFull;
                case SqliteException sqlite:
                    return sqlite.SqliteErrorCode switch
                    {
                        SqliteFull => StorageFault.StorageFull,
                        SqliteBusy or SqliteLocked or SqliteReadOnly or SqliteIoError or SqliteCantOpen => StorageFault.DatabaseUnavailable,
                        _ => null,
                    };
                case PostgresException postgres:
                    return OfPostgres(postgres.SqlState);
                case NpgsqlException npgsql when npgsql.IsTransient:
                    // Not an error the server sent: the connection failed, broke or timed out.
                    return StorageFault.DatabaseUnavailable;
            }
        }
        return null;
    }

    /// <summary>PostgreSQL error classes (https://www.postgresql.org/docs/current/errcodes-appendix.html): disk full,
    /// connection failures, shutdown/crash of the server, too many connections. Everything else (constraint
    /// violations, syntax errors, ...) is a bug.</summary>
    private static StorageFault? OfPostgres(string sqlState) => sqlState switch
    {
        "53100" => StorageFault.StorageFull,
        "53300" or "57P01" or "57P02" or "57P03" => StorageFault.DatabaseUnavailable,
        _ when sqlState.StartsWith("08", StringComparison.Ordinal) => StorageFault.DatabaseUnavailable,
        _ => null,
    };

    private static bool IsDiskFull(IOException io)
    {
        var code = io.HResult & 0xFFFF;
        return OperatingSystem.IsWindows() ? code is WindowsDiskFull or WindowsHandleDiskFull : code == LinuxNoSpace;
    }
}
