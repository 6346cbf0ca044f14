namespace Rag.Api.Hosting;

/// <summary>Writes an RFC 7807 problem response from middleware and handlers that run outside the endpoint's exception
/// handling (authentication challenges, rate-limit refusals, antiforgery refusals).</summary>
public static class ProblemResponses
{
    public const string NotAllowedTitle = "Not allowed";
    public const string NotAllowedDetail = "This API key does not have the right to do this; an admin key is needed.";

    public static async Task WriteProblemAsync(this HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
