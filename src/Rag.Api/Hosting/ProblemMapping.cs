using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Rag.Core.Errors;
using Rag.Infrastructure.Faults;

namespace Rag.Api.Hosting;

/// <summary>Turns refusals and faults of the environment (database down, disk full) into RFC 7807 problem details
/// with the status the caller expects; anything else is a bug and a 500, logged with its exception and the trace id
/// the response carries (since .NET 10 the exception handler middleware logs nothing that a handler handled).</summary>
public sealed partial class ProblemMapping(IProblemDetailsService problems, ILogger<ProblemMapping> logger) : IExceptionHandler
{
    /// <summary>Ingestion back-pressure: a queue of small documents drains in seconds, so clients come back soon.</summary>
    private const int TooManyRequestsRetryAfterSeconds = 5;
    private const int UnavailableRetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            RequestRejectedException r => (StatusOf(r.Reason), r.Title, r.Message),
            BadHttpRequestException b => (b.StatusCode, "Bad request", Explain(b)),
            _ => StorageFaults.Classify(exception) switch
            {
                StorageFault.DatabaseUnavailable => (StatusCodes.Status503ServiceUnavailable, "Database unavailable",
                    "The database cannot be reached right now; nothing was changed. Try again shortly."),
                StorageFault.StorageFull => (StatusCodes.Status507InsufficientStorage, "Insufficient storage",
                    "The server has run out of disk space, so this was not stored; documents already stored are unaffected. " +
                    "Free space (for example by deleting documents) or ask the operator to add storage, then try again."),
                _ => (StatusCodes.Status500InternalServerError, "Internal error", "Something went wrong on the server; it has been logged."),
            },
        };
        var traceId = Activity.Current?.Id ?? context.TraceIdentifier;
        if (status == StatusCodes.Status500InternalServerError)
            LogBug(exception, context.Request.Method, context.Request.Path, traceId);
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status429TooManyRequests) context.Response.Headers.RetryAfter = TooManyRequestsRetryAfterSeconds.ToString();
        if (status == StatusCodes.Status503ServiceUnavailable) context.Response.Headers.RetryAfter = UnavailableRetryAfterSeconds.ToString();
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail, Extensions = { ["traceId"] = traceId } },
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Internal error answering {Method} {Path} (trace id {TraceId})")]
    private partial void LogBug(Exception exception, string method, string path, string traceId);

    /// <summary>Minimal APIs describe an unreadable body in terms of C# parameters; the JSON reader says what is wrong with it.</summary>
    private static string Explain(BadHttpRequestException b) =>
        b.InnerException is System.Text.Json.JsonException json ? $"The request body is not valid JSON: {json.InnerException?.Message ?? json.Message}" : b.Message;

    public static int StatusOf(RejectionReason reason) => reason switch
    {
        RejectionReason.NotPermitted => StatusCodes.Status403Forbidden,
        RejectionReason.NotFound => StatusCodes.Status404NotFound,
        RejectionReason.Conflict => StatusCodes.Status409Conflict,
        RejectionReason.TooLarge => StatusCodes.Status413PayloadTooLarge,
        RejectionReason.UnsupportedFormat => StatusCodes.Status415UnsupportedMediaType,
        RejectionReason.Busy => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status400BadRequest,
    };
}
