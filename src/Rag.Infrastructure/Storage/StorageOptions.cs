namespace Rag.Infrastructure.Storage;

/// <summary>Bound from configuration section <c>Rag:Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Rag:Storage";
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary><c>sqlite</c> (embedded, default) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>Provider connection string; for SQLite it defaults to <c>{dataDirectory}/rag.db</c>.</summary>
    public string? ConnectionString { get; set; }
}
