using Microsoft.AspNetCore.Diagnostics;
using Rag.Core.Errors;
using Rag.Infrastructure.Faults;

namespace Rag.Api.Hosting;

/// <summary>Turns refusals and faults of the environment (database down, disk full) into RFC 7807 problem details
/// with the status the caller expects; anything else is a bug and a 500.</summary>
public sealed class ProblemMapping(IProblemDetailsService problems) : IExceptionHandler
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
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status429TooManyRequests) context.Response.Headers.RetryAfter = TooManyRequestsRetryAfterSeconds.ToString();
        if (status == StatusCodes.Status503ServiceUnavailable) context.Response.Headers.RetryAfter = UnavailableRetryAfterSeconds.ToString();
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

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
