using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Rag.Api.Hosting;
using Rag.Infrastructure.Access;
using Rag.Infrastructure.Diagnostics;

namespace Rag.Api.Access;

/// <summary>Authenticates a request by its API key, sent as "Authorization: Bearer &lt;key&gt;" or "X-Api-Key: &lt;key&gt;".
/// The key is looked up on every request, so revocation takes effect at once. Refusals are problem details:
/// 401 with WWW-Authenticate: Bearer when the key is missing, unknown or revoked; 403 when it lacks the right; 429 with
/// Retry-After when the client address has sent too many wrong keys (<see cref="KeyAttemptThrottle"/>).
/// The UI's sign-in cookie (<see cref="UiSession"/>) carries a key and builds the same principal.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AuthOptions auth, ApiKeyAuthenticator keys, KeyAttemptThrottle throttle, RagMetrics metrics)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string KeyHeader = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!auth.Enabled) return Success(ApiKeyPrincipal.AuthDisabled(Scheme.Name));
        var secret = PresentedKey(Request);
        // Open routes (health probes) never look a key up, so liveness does not depend on the database.
        if (secret is null || Context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null) return AuthenticateResult.NoResult();
        var client = throttle.ClientOf(Context);
        if (client is not null && throttle.Wait(client) is { } wait) return AuthenticateResult.Fail(new TooManyFailedKeys(wait));
        var key = await keys.FindActiveAsync(secret, Context.RequestAborted);
        if (key is not null) return Success(ApiKeyPrincipal.For(key, Scheme.Name));
        if (client is not null) throttle.Failed(client);
        return AuthenticateResult.Fail("The API key is not valid or has been revoked.");
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        if (result.Failure is TooManyFailedKeys throttled)
        {
            metrics.Throttled.Add(1, new KeyValuePair<string, object?>(RagTelemetry.Reason, "failed_keys"));
            var seconds = Math.Max(1, (int)Math.Ceiling(throttled.Wait.TotalSeconds));
            Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Context.WriteProblemAsync(StatusCodes.Status429TooManyRequests, "Too many failed API keys",
                $"Too many wrong API keys came from this address; no key is checked from it for {seconds} s.");
            return;
        }
        Response.Headers.WWWAuthenticate = "Bearer";
        await Context.WriteProblemAsync(StatusCodes.Status401Unauthorized, "Authentication required",
            result.Failure?.Message ?? $"Send an API key as 'Authorization: Bearer <key>' or '{KeyHeader}: <key>'.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Context.WriteProblemAsync(StatusCodes.Status403Forbidden, ProblemResponses.NotAllowedTitle, ProblemResponses.NotAllowedDetail);

    public static string? PresentedKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return NonEmpty(authorization["Bearer ".Length..]);
        return NonEmpty(request.Headers[KeyHeader].ToString());
    }

    private static string? NonEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private sealed class TooManyFailedKeys(TimeSpan wait) : Exception("Too many failed API keys from this address.")
    {
        public TimeSpan Wait { get; } = wait;
    }

    private AuthenticateResult Success(System.Security.Claims.ClaimsPrincipal principal) =>
        AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
}
