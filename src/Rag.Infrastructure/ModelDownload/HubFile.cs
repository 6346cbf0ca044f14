using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Rag.Infrastructure.ModelDownload;

/// <summary>One file of a Hub repository at a revision, as the tree API (/api/models/{repo}/tree/{rev}) lists it:
/// large (LFS) files carry their SHA-256 (lfs.oid), small ones their git blob SHA-1 (oid).</summary>
public sealed record HubFile(string Path, long Size, string? Sha256, string GitBlobSha1)
{
    public static List<HubFile> ParseTree(JsonElement tree) =>
        tree.EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "file")
            .Select(e => e.TryGetProperty("lfs", out var lfs) && lfs.ValueKind == JsonValueKind.Object
                ? new HubFile(e.GetProperty("path").GetString()!, lfs.GetProperty("size").GetInt64(), lfs.GetProperty("oid").GetString(), e.GetProperty("oid").GetString()!)
                : new HubFile(e.GetProperty("path").GetString()!, e.GetProperty("size").GetInt64(), null, e.GetProperty("oid").GetString()!))
            .ToList();

    /// <summary>Null when the file's content is what the Hub published; else why not. Returns the content's SHA-256 too.</summary>
    public async Task<(string? Mismatch, string Sha256)> VerifyAsync(string localPath, CancellationToken cancellationToken)
    {
        string sha256;
        await using (var content = File.OpenRead(localPath))
            sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken));
        if (Sha256 is not null)
            return (sha256 == Sha256 ? null : $"hash mismatch for {Path}: expected SHA-256 {Sha256}, got {sha256}", sha256);

        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha1.AppendData(Encoding.ASCII.GetBytes($"blob {new FileInfo(localPath).Length}\0"));
        sha1.AppendData(await File.ReadAllBytesAsync(localPath, cancellationToken));
        var blob = Convert.ToHexStringLower(sha1.GetHashAndReset());
        return (blob == GitBlobSha1 ? null : $"hash mismatch for {Path}: expected git blob SHA-1 {GitBlobSha1}, got {blob}", sha256);
    }
}
