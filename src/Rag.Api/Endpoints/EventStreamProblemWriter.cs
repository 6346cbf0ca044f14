using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Rag.Api.Endpoints;

/// <summary>A client asking for text/event-stream still gets a refused request as problem+json: the default writer
/// only writes for clients that accept JSON, and would otherwise leave the refusal as a bare 500.</summary>
public sealed class EventStreamProblemWriter(IOptions<JsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => EventStream.Requested(context.HttpContext.Request);

    public ValueTask WriteAsync(ProblemDetailsContext context) =>
        new(context.HttpContext.Response.WriteAsJsonAsync(context.ProblemDetails, json.Value.SerializerOptions, "application/problem+json"));
}
