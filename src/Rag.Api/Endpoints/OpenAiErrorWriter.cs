using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Rag.Api.Endpoints;

/// <summary>Errors of the OpenAI-compatible routes (/v1/*) in the shape OpenAI's clients parse,
/// {"error": {message, type, param, code}}, with the same status codes and headers as everywhere else.</summary>
public sealed class OpenAiErrorWriter(IOptions<JsonOptions> json) : IProblemDetailsWriter
{
    public sealed record OpenAiError(ErrorBody Error);
    public sealed record ErrorBody(string Message, string Type, string? Param, string? Code);

    public bool CanWrite(ProblemDetailsContext context) => context.HttpContext.Request.Path.StartsWithSegments("/v1");

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
        var message = context.ProblemDetails.Detail ?? context.ProblemDetails.Title ?? "The request failed.";
        var body = new OpenAiError(new ErrorBody(message, Type(status), null, Code(status)));
        return new(context.HttpContext.Response.WriteAsJsonAsync(body, json.Value.SerializerOptions, "application/json"));
    }

    private static string Type(int status) => status switch
    {
        401 => "authentication_error",
        403 => "permission_error",
        404 => "not_found_error",
        429 => "rate_limit_error",
        >= 500 => "server_error",
        _ => "invalid_request_error",
    };

    private static string? Code(int status) => status switch
    {
        401 => "invalid_api_key",
        404 => "model_not_found",
        429 => "rate_limit_exceeded",
        _ => null,
    };
}
