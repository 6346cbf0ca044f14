using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Features;
using Rag.Api.Access;
using Rag.Api.Endpoints;
using Rag.Api.Hosting;
using Rag.Application.Retrieval;
using Rag.Web;

namespace Rag.Api;

/// <summary>Builds the service. Program.cs, the tests and the evaluation command all start it through here.</summary>
public static class RagApp
{
    public const string DefaultUrl = "http://localhost:5080";

    /// <param name="configureServices">Runs after the service's own registrations (tests add or replace services here).</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        // Named explicitly so the UI's static assets manifest (Rag.Api.staticwebassets.*.json) is found when a test host starts the app.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(RagApp).Assembly.GetName().Name });
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls(DefaultUrl);
        builder.WebHost.UseStaticWebAssets(); // the UI's files from their build locations in every environment (no-op once published)

        builder.AddRagTelemetry();
        var services = builder.Services;
        services.AddRagServices(builder.Configuration);
        configureServices?.Invoke(services);
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemMapping>();
        // A body that cannot be bound (invalid JSON, an unpaired surrogate) reaches ProblemMapping, which says why.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi(options => options.DescribeApiKey());
        var uiLimits = new Rag.Web.State.UiLimits(builder.Configuration.GetValue("Rag:Query:MaxQuestionChars", new QueryOptions().MaxQuestionChars));
        services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(o => o.MaximumReceiveMessageSize = WebUi.CircuitMessageBytes(uiLimits));
        services.AddRagWebUi(uiLimits);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
        var maxRequestBytes = builder.Configuration.GetValue("Rag:Upload:MaxRequestBytes", 1L << 30);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = maxRequestBytes);
        services.Configure<FormOptions>(f => f.MultipartBodyLengthLimit = maxRequestBytes);

        var app = builder.Build();
        // Without trusted proxies the forwarding headers are ignored: with none configured the middleware would believe anyone.
        if (!string.IsNullOrWhiteSpace(app.Configuration[$"{AuthOptions.SectionName}:{nameof(AuthOptions.TrustedProxies)}"])) app.UseForwardedHeaders();
        app.UseRagSecurityHeaders(request => !IsApi(request));
        app.UseExceptionHandler();
        // The API answers bare status codes with problem details; a page address that does not exist gets the UI's 404 page.
        app.UseWhen(context => IsApi(context.Request), api => api.UseStatusCodePages());
        app.UseWhen(context => !IsApi(context.Request), pages => pages.UseStatusCodePagesWithReExecute("/not-found"));
        app.UseRouting(); // after the status code pages, so that the re-executed /not-found finds its page
        app.UseJsonBodyLimit();
        app.UseRagAccess();
        // Anonymous: health, the OpenAPI document and the sign-in page; the other UI pages need a session (see UiSession).
        app.MapOpenApi().AllowAnonymous();
        app.MapGet("/health", () => TypedResults.Ok(new { status = "ok" })).WithTags("Health").AllowAnonymous();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
        var api = app.MapGroup("").RequireAuthorization();
        api.MapCollectionEndpoints();
        api.MapDocumentEndpoints();
        api.MapRetrievalEndpoints();
        api.MapModelEndpoints();
        api.MapMaintenanceEndpoints();
        api.MapKeyEndpoints();
        api.MapAuthEndpoints();
        api.MapConversationEndpoints();
        app.MapRagTelemetry();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRagWebUiEndpoints();
        app.MapRazorComponents<Rag.Web.Components.App>().AddInteractiveServerRenderMode();
        return app;
    }

    private static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/v1") || request.Path.StartsWithSegments("/health")
        || request.Path.StartsWithSegments("/openapi");
}
