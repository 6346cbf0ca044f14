using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Rag.Api.Hosting;
using Rag.Infrastructure.Diagnostics;

namespace Rag.Api.Access;

/// <summary>Settings under Rag:RateLimit: requests per minute and API key (per client address without a key); 0 = unlimited.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Rag:RateLimit";

    /// <summary>Search, ask and chat completions.</summary>
    public int QueriesPerMinute { get; set; } = 300;

    /// <summary>Upload requests (each may carry many files).</summary>
    public int UploadsPerMinute { get; set; } = 60;
}

/// <summary>Token buckets per caller: a minute's allowance may be spent at once, then it refills evenly. A refused
/// request gets 429 problem details with Retry-After.</summary>
public static class RateLimits
{
    public const string Queries = "queries";
    public const string Uploads = "uploads";

    public static IServiceCollection AddRagRateLimits(this IServiceCollection services, RateLimitOptions options) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Queries, http => PerCaller(http, options.QueriesPerMinute));
            limiter.AddPolicy(Uploads, http => PerCaller(http, options.UploadsPerMinute));
            limiter.OnRejected = RejectAsync;
        });

    private static RateLimitPartition<string> PerCaller(HttpContext http, int perMinute)
    {
        var caller = ApiKeyPrincipal.KeyId(http.User) is { } keyId ? "key:" + keyId : "ip:" + http.Connection.RemoteIpAddress;
        if (perMinute <= 0) return RateLimitPartition.GetNoLimiter(caller);
        return RateLimitPartition.GetTokenBucketLimiter(caller, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / perMinute,
            QueueLimit = 0,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        http.RequestServices.GetRequiredService<RagMetrics>().Throttled.Add(1, new KeyValuePair<string, object?>(RagTelemetry.Reason, "rate_limit"));
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.WriteProblemAsync(StatusCodes.Status429TooManyRequests, "Too many requests",
            $"This API key has used its allowance of requests for now; try again in {seconds} s.");
    }
}
