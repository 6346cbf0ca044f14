using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.HttpOverrides;
using Rag.Api.Hosting;
using Rag.Application.Access;
using Rag.Core.Access;
using Rag.Infrastructure.Access;

namespace Rag.Api.Access;

/// <summary>Authentication (API keys), authorization, per-key rate limits and CORS.</summary>
public static class AccessRegistration
{
    public const string AdminPolicy = "admin";
    public const string AuthDisabledHeader = "X-Rag-Auth";
    public const string CorsSetting = "Rag:Cors:AllowedOrigins";

    public static IServiceCollection AddRagAccess(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        var auth = services.AddSettings<AuthOptions>(configuration, AuthOptions.SectionName);
        services.AddSingleton(new AdminKeyFile(dataDirectory));
        services.AddSingleton<ConfiguredAdminKey>();
        services.AddSingleton<AdminKeyBootstrap>();
        services.AddScoped<ApiKeyAuthenticator>();
        services.AddSingleton<KeyAttemptThrottle>();
        services.AddScoped<ApiKeyManagement>();
        services.AddHttpContextAccessor();
        services.AddScoped<ICallerAccess, HttpCallerAccess>();

        services.AddAuthentication(UiSession.SelectingScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddUiSession(auth, dataDirectory);
        services.AddAuthorizationBuilder().AddPolicy(AdminPolicy, policy => policy.RequireClaim(ApiKeyPrincipal.AdminClaim, "true"));
        services.AddRagRateLimits(configuration.GetSection(RateLimitOptions.SectionName).Get<RateLimitOptions>() ?? new RateLimitOptions());

        services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the configured proxies, not the loopback ones ASP.NET trusts by default; each hop is read back to the
            // first address that is not one of them, so a client cannot pass off a made-up address.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var network in auth.TrustedProxyNetworks()) forwarded.KnownIPNetworks.Add(network);
            forwarded.ForwardLimit = null;
        });

        var origins = AllowedOrigins(configuration);
        if (origins.Length > 0)
            services.AddCors(cors => cors.AddDefaultPolicy(policy => policy.WithOrigins(origins)
                .AllowAnyHeader().AllowAnyMethod().WithExposedHeaders("Retry-After", "Content-Disposition")));
        return services;
    }

    public static void UseRagAccess(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<AuthOptions>().Enabled)
            app.Use((context, next) =>
            {
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers[AuthDisabledHeader] = "disabled";
                    return Task.CompletedTask;
                });
                return next(context);
            });
        // CORS is closed unless origins are listed: without the middleware no CORS header is ever sent.
        if (AllowedOrigins(app.Configuration).Length > 0) app.UseCors();
        app.UseAuthentication();
        app.UseUiSessionAntiforgery();
        app.UseAuthorization();
        app.UseRateLimiter();
    }

    /// <summary>Rag:Cors:AllowedOrigins: origins separated by commas (or an array in appsettings.json).</summary>
    private static string[] AllowedOrigins(IConfiguration configuration)
    {
        var section = configuration.GetSection(CorsSetting);
        var values = section.Value is { } single ? [single] : section.GetChildren().Select(c => c.Value ?? "");
        return values.SelectMany(v => v.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
    }
}
