using System.Security.Cryptography;

namespace Rag.Infrastructure.Files;

/// <summary>Originals on disk, addressed by the SHA-256 of their content: identical uploads share one file,
/// and no user-supplied name ever becomes part of a path.</summary>
public sealed class FileStore(string root)
{
    /// <param name="Created">False when identical content was already stored (the call wrote nothing).</param>
    public sealed record StoredFile(string Hash, long SizeBytes, bool Created);

    /// <summary>Copies <paramref name="content"/> into the store (write to a temp file, then atomic rename).</summary>
    public async Task<StoredFile> SaveAsync(Stream content, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(TempDirectory);
        var temp = Path.Combine(TempDirectory, Guid.NewGuid().ToString("N"));
        try
        {
            string hash;
            long size;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    sha.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
                hash = Convert.ToHexStringLower(sha.GetHashAndReset());
                size = file.Length;
            }
            var target = PathOf(hash);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var created = !File.Exists(target);
            if (created) File.Move(temp, target);
            else File.Delete(temp);
            return new StoredFile(hash, size, created);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public Stream OpenRead(string hash) => new FileStream(PathOf(hash), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);

    public bool Exists(string hash) => File.Exists(PathOf(hash));

    public void Delete(string hash)
    {
        var path = PathOf(hash);
        if (File.Exists(path)) File.Delete(path);
    }

    private string TempDirectory => Path.Combine(root, "tmp");

    private string PathOf(string hash)
    {
        if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigitLower)) throw new ArgumentException("Not a SHA-256 hex digest.", nameof(hash));
        return Path.Combine(root, hash[..2], hash);
    }
}
