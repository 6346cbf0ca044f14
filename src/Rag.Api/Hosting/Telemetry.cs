using Microsoft.Extensions.Logging.Console;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Rag.Infrastructure.Diagnostics;

namespace Rag.Api.Hosting;

/// <summary>Traces, metrics and logs out of the process: OpenTelemetry (our "Rag" source and meter, ASP.NET Core and
/// HttpClient instrumentation) exported over OTLP when the standard OTEL_EXPORTER_OTLP_ENDPOINT is set, a Prometheus
/// scrape endpoint when Rag:Telemetry:PrometheusEndpoint names a path, and JSON console logs with scopes (trace id,
/// document id) when Logging:Console:FormatterName is "json".</summary>
public static class Telemetry
{
    public static void AddRagTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<JsonConsoleFormatterOptions>(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat ??= "yyyy-MM-ddTHH:mm:ss.fffZ";
        });

        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var prometheus = !string.IsNullOrWhiteSpace(PrometheusPath(builder.Configuration));
        if (!otlp && !prometheus) return;

        var openTelemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? "rag"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(RagTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (otlp) metrics.AddOtlpExporter();
                if (prometheus) metrics.AddPrometheusExporter();
            });
        if (!otlp) return;
        openTelemetry.WithTracing(tracing => tracing
            .AddSource(RagTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation()
            .AddOtlpExporter());
        builder.Logging.AddOpenTelemetry(logs =>
        {
            logs.IncludeScopes = true;
            logs.AddOtlpExporter();
        });
    }

    public static void MapRagTelemetry(this WebApplication app)
    {
        if (PrometheusPath(app.Configuration) is { Length: > 0 } path)
            app.MapPrometheusScrapingEndpoint(path).RequireAuthorization(Access.AccessRegistration.AdminPolicy); // labels name collections
    }

    private static string? PrometheusPath(IConfiguration configuration) => configuration["Rag:Telemetry:PrometheusEndpoint"]?.Trim();
}
