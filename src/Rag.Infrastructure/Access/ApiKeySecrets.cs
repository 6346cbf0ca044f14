using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Rag.Infrastructure.Access;

/// <summary>Secrets are 32 random bytes, so a fast unsalted SHA-256 is enough to store them: nothing can be guessed
/// from the hash. Keys from configuration may be any string and are hashed the same way.</summary>
public static class ApiKeySecrets
{
    public const string Marker = "rag_";

    public static string NewSecret() => Marker + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Enough of the secret to recognise it in a list, never more than a third of it.</summary>
    public static string DisplayPrefix(string secret) => secret[..Math.Min(12, secret.Length / 3)];
}
