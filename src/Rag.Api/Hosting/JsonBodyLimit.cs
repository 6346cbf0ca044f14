using Microsoft.AspNetCore.Http.Features;

namespace Rag.Api.Hosting;

/// <summary>Only uploads (multipart forms) may be as large as Rag:Upload:MaxRequestBytes; every other body (JSON
/// questions, searches, chat completions, keys) is capped at Rag:Api:MaxJsonBodyBytes, so a huge JSON body is
/// refused with 413 while it streams in instead of being read into memory.</summary>
public static class JsonBodyLimit
{
    public const string Setting = "Rag:Api:MaxJsonBodyBytes";

    public static void UseJsonBodyLimit(this WebApplication app)
    {
        var limit = app.Configuration.GetValue(Setting, 1L << 20);
        app.Use((context, next) =>
        {
            if (!context.Request.HasFormContentType && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } body)
                body.MaxRequestBodySize = limit;
            return next(context);
        });
    }
}
