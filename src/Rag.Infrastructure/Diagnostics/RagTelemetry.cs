using System.Diagnostics;

namespace Rag.Infrastructure.Diagnostics;

/// <summary>The service's one trace source and meter name ("Rag"), and the attribute names its spans and metrics use.</summary>
public static class RagTelemetry
{
    public const string Name = "Rag";

    public static readonly ActivitySource Source = new(Name);

    public const string DocumentId = "rag.document.id";
    public const string Collection = "rag.collection";
    public const string Attempt = "rag.ingestion.attempt";
    public const string Pages = "rag.document.pages";
    public const string Chunks = "rag.document.chunks";
    public const string Outcome = "rag.outcome";
    public const string Error = "rag.error";
    public const string SearchMode = "rag.search.mode";
    public const string Top = "rag.search.top";
    public const string Hits = "rag.search.hits";
    public const string SearchLegs = "rag.search.legs";
    public const string Grounded = "rag.answer.grounded";
    public const string Citations = "rag.answer.citations";
    public const string Generator = "rag.answer.generator";
    public const string Relevance = "rag.answer.relevance";
    public const string OutputTokens = "gen_ai.usage.output_tokens";
    public const string InputTokens = "gen_ai.usage.input_tokens";
    public const string Reason = "rag.reason";

    /// <summary>Marks a span failed with the exception's message as its status description.</summary>
    public static void Fail(this Activity? activity, Exception error)
    {
        if (activity is null) return;
        activity.SetStatus(ActivityStatusCode.Error, error.Message);
        activity.SetTag(Error, error.Message);
        activity.AddException(error);
    }
}
