using Rag.Infrastructure.Access;

namespace Rag.Api.Access;

/// <summary>On start: registers the configured admin key (Rag:Auth:AdminKey). Without one, the admin key is read from
/// {DataDirectory}/admin-key.txt, generated there on first start (owner-only), so a fresh `dotnet run` works and
/// the operator is told where the key is. With authentication off, warns loudly instead.</summary>
public sealed class AdminKeyBootstrap(AuthOptions auth, AdminKeyFile file, ConfiguredAdminKey configured, ILogger<AdminKeyBootstrap> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!auth.Enabled)
        {
            logger.LogWarning("AUTHENTICATION IS DISABLED (Rag:Auth:Enabled=false): anyone who can reach this service can read, change " +
                "and delete every collection. Responses carry the header X-Rag-Auth: disabled.");
            return;
        }
        if (!string.IsNullOrWhiteSpace(auth.AdminKey))
        {
            await configured.RegisterAsync(auth.AdminKey.Trim(), cancellationToken);
            return;
        }
        var (secret, created) = file.ReadOrCreate();
        await configured.RegisterAsync(secret, cancellationToken);
        if (created)
            logger.LogWarning("No admin key configured (Rag:Auth:AdminKey): generated one and wrote it to {Path} (readable by this user only). " +
                "Sign in to the web UI with it, or send it as 'Authorization: Bearer <key>', to create collections and API keys; " +
                "set Rag:Auth:AdminKey to choose your own.", file.Path);
        else
            logger.LogInformation("Using the admin key in {Path} (Rag:Auth:AdminKey is not set)", file.Path);
    }
}

/// <summary>{DataDirectory}/admin-key.txt: the generated admin key, created owner-only.</summary>
public sealed class AdminKeyFile(string dataDirectory)
{
    public const string FileName = "admin-key.txt";

    public string Path { get; } = System.IO.Path.Combine(dataDirectory, FileName);

    public (string Secret, bool Created) ReadOrCreate()
    {
        if (File.Exists(Path))
        {
            var stored = File.ReadAllText(Path).Trim();
            if (stored.Length == 0)
                throw new InvalidOperationException($"{Path} is empty: delete it to generate a new admin key, or set Rag:Auth:AdminKey.");
            if (stored.Length < AuthOptions.MinimumKeyLength)
                throw new InvalidOperationException(AuthOptions.TooShort($"The admin key in {Path}", stored.Length) + $" Or delete {Path} to have a new one generated.");
            return (stored, false);
        }
        var secret = ApiKeySecrets.NewSecret();
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(Path, options)) writer.WriteLine(secret);
        return (secret, true);
    }
}
