using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Rag.Web.Access;

namespace Rag.Api.Access;

/// <summary>Failed key attempts per client address, a token bucket each (Rag:Auth:FailedAttemptsBurst, refilled by
/// FailedAttemptsPerMinute): every refused key takes a token, and an address with none left gets 429 for every key it
/// sends, before the key is looked up, so guessing goes no faster even when a guess is right. Other addresses go on.
/// IPv6 clients count per /64, the block one subscriber usually holds.</summary>
public sealed class KeyAttemptThrottle(AuthOptions options, UiForwarding ui) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _buckets = PartitionedRateLimiter.Create<string, string>(client =>
        RateLimitPartition.GetTokenBucketLimiter(client, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.FailedAttemptsBurst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / options.FailedAttemptsPerMinute,
            QueueLimit = 0,
        }));

    /// <summary>Whom a key attempt counts against: the client address, or for the UI's own calls the browser's address
    /// it forwards with a sign-in check; null for the UI's calls with a signed-in session's key.</summary>
    public string? ClientOf(HttpContext http)
    {
        if (!ui.IsOwn(http.Request.Headers[UiForwarding.TokenHeader].FirstOrDefault())) return Bucket(http.Connection.RemoteIpAddress);
        var browser = http.Request.Headers[UiForwarding.ClientHeader].ToString();
        return browser.Length == 0 ? null : Bucket(IPAddress.TryParse(browser, out var address) ? address : null);
    }

    /// <summary>How long <paramref name="client"/> must wait before it may try a key again; null when it may now.</summary>
    public TimeSpan? Wait(string client)
    {
        // Partitioned buckets refill continuously, so an empty one soon holds a fraction of a token, which a request for
        // zero tokens would take for "not empty": only a whole token lets a key through.
        if (_buckets.GetStatistics(client)?.CurrentAvailablePermits > 0) return null;
        using var lease = _buckets.AttemptAcquire(client, 1); // only to learn the wait; a token refilled meanwhile is spent
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
    }

    public void Failed(string client) => _buckets.AttemptAcquire(client, 1).Dispose();

    public void Dispose() => _buckets.Dispose();

    private static string Bucket(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
