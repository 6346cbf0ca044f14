using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Rag.Web.Access;
using Rag.Web.Api;
using Rag.Web.State;

namespace Rag.Web;

public static class WebUi
{
    /// <summary>The UI's own services; the host adds Razor components with interactive server rendering, and the
    /// authentication that reads the <see cref="UiSignIn"/> cookie, and a SignalR message size that fits
    /// <see cref="CircuitMessageBytes"/>.</summary>
    public static IServiceCollection AddRagWebUi(this IServiceCollection services, UiLimits limits)
    {
        services.AddCascadingAuthenticationState();
        services.AddSingleton<UiForwarding>();
        services.AddSingleton(provider => new OwnApiClient(provider.GetRequiredService<IServer>(), provider.GetRequiredService<UiForwarding>()));
        services.AddScoped(provider =>
        {
            var authentication = provider.GetRequiredService<AuthenticationStateProvider>();
            return new RagApi(provider.GetRequiredService<OwnApiClient>().Http,
                async () => (await authentication.GetAuthenticationStateAsync()).User.FindFirst(UiSignIn.KeyClaim)?.Value,
                provider.GetRequiredService<SessionEnd>().Now);
        });
        services.AddSingleton(limits);
        services.AddScoped<SessionEnd>();
        services.AddScoped<SignedInCaller>();
        services.AddScoped<CollectionSelection>();
        services.AddScoped<BrowserTimeZone>();
        return services;
    }

    /// <summary>The largest message a browser may send over the circuit: a text box's whole value travels with each
    /// input event, JSON-escaped (up to 6 bytes per UTF-16 unit), so the longest question must fit with room to
    /// spare; a message over SignalR's limit would drop the circuit.</summary>
    public static long CircuitMessageBytes(UiLimits limits) => 64 * 1024 + 6L * limits.MaxQuestionChars;

    /// <summary>POST /signout: ends the UI session. Antiforgery-checked, so another site cannot sign a person out.</summary>
    public static void MapRagWebUiEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPost(UiSignIn.SignOutPath, async (HttpContext context, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing antiforgery token",
                    detail: "Sign out from the service's own pages.");
            await context.SignOutAsync(UiSignIn.Scheme);
            return Results.LocalRedirect("~" + UiSignIn.SignInPath);
        }).DisableAntiforgery().ExcludeFromDescription();

    /// <summary>One HttpClient for the process, aimed at the address the server actually bound (known once it started).</summary>
    private sealed class OwnApiClient(IServer server, UiForwarding forwarding)
    {
        private readonly Lazy<HttpClient> _http = new(() => new HttpClient
        {
            BaseAddress = OwnAddress.From(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []),
            Timeout = TimeSpan.FromMinutes(10),
            DefaultRequestHeaders = { { UiForwarding.TokenHeader, forwarding.Token } },
        });

        public HttpClient Http => _http.Value;
    }
}
