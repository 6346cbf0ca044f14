using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Rag.Api.Hosting;
using Rag.Infrastructure.Access;
using Rag.Web.Access;

namespace Rag.Api.Access;

/// <summary>The web UI's session: after sign-in, a cookie (encrypted with data-protection keys kept in the data
/// directory, HTTP-only, SameSite=Strict) carries the person's API key. On every request the key is looked up again,
/// so revoking it ends the session at once and rights are always current. Requests that change something and are
/// authenticated by the cookie must carry the antiforgery token; API clients send their key in a header instead.</summary>
public static class UiSession
{
    /// <summary>Picks the scheme per request: a key header means the API key scheme, else the sign-in cookie when
    /// present; without either, API routes answer 401 problems and pages redirect to sign-in.</summary>
    public const string SelectingScheme = "Rag";

    public static AuthenticationBuilder AddUiSession(this AuthenticationBuilder authentication, AuthOptions auth, string dataDirectory)
    {
        authentication.Services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "data-protection-keys")));
        authentication.AddPolicyScheme(SelectingScheme, "API key or UI session", options => options.ForwardDefaultSelector = context =>
            !auth.Enabled || ApiKeyAuthenticationHandler.PresentedKey(context.Request) is not null ? ApiKeyAuthenticationHandler.SchemeName
            : context.Request.Cookies.ContainsKey(UiSignIn.CookieName) || !IsApi(context.Request) ? UiSignIn.Scheme
            : ApiKeyAuthenticationHandler.SchemeName);
        return authentication.AddCookie(UiSignIn.Scheme, options =>
        {
            options.Cookie.Name = UiSignIn.CookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = TimeSpan.FromHours(12);
            options.SlidingExpiration = true;
            options.LoginPath = UiSignIn.SignInPath;
            options.ReturnUrlParameter = "returnUrl";
            options.Events.OnValidatePrincipal = RefreshFromKeyAsync;
            options.Events.OnRedirectToLogin = context => ApiRefusalOr(context, StatusCodes.Status401Unauthorized,
                "Authentication required", "The sign-in session has ended; sign in again.");
            options.Events.OnRedirectToAccessDenied = context => ApiRefusalOr(context, StatusCodes.Status403Forbidden,
                ProblemResponses.NotAllowedTitle, ProblemResponses.NotAllowedDetail);
        });
    }

    /// <summary>Refuses cookie-authenticated API writes without a valid antiforgery token (cross-site request forgery).</summary>
    public static void UseUiSessionAntiforgery(this WebApplication app) => app.Use(async (context, next) =>
    {
        if (context.User.Identity?.AuthenticationType == UiSignIn.Scheme && IsApi(context.Request) && !IsSafe(context.Request.Method)
            && !await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
        {
            await context.WriteProblemAsync(StatusCodes.Status400BadRequest, "Missing antiforgery token",
                "A request from the signed-in web UI must carry its antiforgery token (header RequestVerificationToken).");
            return;
        }
        await next(context);
    });

    private static async Task RefreshFromKeyAsync(CookieValidatePrincipalContext context)
    {
        var secret = context.Principal?.FindFirstValue(UiSignIn.KeyClaim);
        var key = secret is null ? null
            : await context.HttpContext.RequestServices.GetRequiredService<ApiKeyAuthenticator>().FindActiveAsync(secret, context.HttpContext.RequestAborted);
        if (key is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(UiSignIn.Scheme);
            return;
        }
        var principal = ApiKeyPrincipal.For(key, UiSignIn.Scheme);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(UiSignIn.KeyClaim, secret!));
        context.ReplacePrincipal(principal);
    }

    private static Task ApiRefusalOr(RedirectContext<CookieAuthenticationOptions> context, int status, string title, string detail)
    {
        if (!IsApi(context.Request))
        {
            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        }
        return context.HttpContext.WriteProblemAsync(status, title, detail);
    }

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/v1");

    private static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);
}
