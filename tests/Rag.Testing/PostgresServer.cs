using Npgsql;

namespace Rag.Testing;

/// <summary>
/// xunit class fixture giving each test class its own empty PostgreSQL database (<see cref="ConnectionString"/>),
/// dropped when the class finishes. The server is the one in <c>RAG_TEST_POSTGRES</c> (a connection string
/// allowed to CREATE DATABASE) or else one local server started once per test run via tests/scripts/postgres.sh.
/// If neither is possible the tests using it fail; they never skip silently.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string EnvironmentVariable = "RAG_TEST_POSTGRES";

    private static readonly Lazy<Task<string>> AdminConnectionString = new(StartOrFindServerAsync);
    private readonly List<string> _databases = [];
    private string? _connectionString;
    private Exception? _startFailure;

    /// <summary>Connection string of this test class's database.</summary>
    public string ConnectionString => _connectionString
        ?? throw new InvalidOperationException(_startFailure?.Message ?? "Fixture not initialised.", _startFailure);

    public async Task InitializeAsync()
    {
        try
        {
            _connectionString = await CreateDatabaseAsync();
        }
        catch (Exception failure)
        {
            // Reported by the tests that use PostgreSQL, so a class's SQLite tests still run without a server.
            _startFailure = failure;
        }
    }

    /// <summary>Creates another empty database (dropped with the fixture) and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var admin = await AdminConnectionString.Value;
        var name = $"rag_test_{Guid.NewGuid():N}";
        await ExecuteAsync(admin, $"CREATE DATABASE \"{name}\"");
        lock (_databases)
            _databases.Add(name);
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (!AdminConnectionString.IsValueCreated || !AdminConnectionString.Value.IsCompletedSuccessfully)
            return;
        var admin = await AdminConnectionString.Value;
        foreach (var name in _databases)
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    private static async Task<string> StartOrFindServerAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
            return configured;
        return (await LocalPostgres.StartAsync()).ConnectionString;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        // Unpooled: the admin connection must not sit in a pool holding the maintenance database.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
