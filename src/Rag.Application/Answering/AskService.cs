using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Rag.Application.Retrieval;
using Rag.Contracts;
using Rag.Core.Answering;
using Rag.Core.Errors;
using Rag.Core.Retrieval;
using Rag.Infrastructure.Answering;
using Rag.Infrastructure.Diagnostics;

namespace Rag.Application.Answering;

public sealed record AskRequest(string Collection, string Question, int Top = 5, SearchMode? Mode = null,
    IReadOnlyList<ConversationMessage>? Conversation = null);

/// <summary>Extractive: sentences picked from the sources (or "not found"); Generated: written by the LLM.</summary>

/// <summary>StandaloneQuestion is what was retrieved for: the question itself, or the follow-up rewritten.
/// ExtractiveReason is set when no LLM could write the answer: why it was picked from the sources instead.
/// Usage: the LLM's token counts, when it reported them (zero for extractive answers).</summary>
public sealed record AskResult(GroundedAnswer Answer, IReadOnlyList<RetrievedChunk> Sources, string StandaloneQuestion, RetrievalReport Retrieval,
    Relevance Relevance, AnswerKind Kind, string? ExtractiveReason = null, TokenUsage? Usage = null);

public sealed record TokenUsage(long InputTokens, long OutputTokens);

/// <summary>A question after validation, rewriting, retrieval and the relevance decision: everything that can fail
/// with a problem response. Trace carries the question's span and clock on to the answer.</summary>
public sealed record PreparedAsk(string Question, IReadOnlyList<RetrievedChunk> Sources, AskTrace Trace, RetrievalReport Retrieval, AnswerEvidence Evidence);

/// <summary>Retrieves sources for a question and answers from them, citing each claim by source number: with the
/// LLM (citations verified afterwards), or extractively while none is available (see <see cref="LlmSlot"/>). Sources
/// that the relevance decision finds do not answer the question get "not found", and no LLM is asked.</summary>
public sealed class AskService(SearchService search, ExtractiveAnswerer extractive, QuestionRewriter rewriter,
    AnswerEvidenceGatherer evidence, LlmOptions options, QueryOptions limits, RagMetrics metrics, ILogger<AskService> logger, LlmSlot llm)
{
    public const int MaxConversationTurns = 50;

    /// <summary>The whole answer of a prepared question, for callers that do not stream.</summary>
    public async Task<AskResult> CompleteAsync(PreparedAsk prepared, CancellationToken cancellationToken)
    {
        await foreach (var update in StreamAsync(prepared, cancellationToken))
            if (update is AnswerCompleted done) return done.Result;
        throw new InvalidOperationException("The answer stream ended without a result.");
    }

    /// <summary>Starts the question's "ask" span, with "ask.rewrite" and "retrieve" children; StreamAsync ends it.</summary>
    public async Task<PreparedAsk> PrepareAsync(AskRequest request, CancellationToken cancellationToken)
    {
        var span = RagTelemetry.Source.StartActivity("ask");
        span?.SetTag(RagTelemetry.Collection, request.Collection);
        try
        {
            return await PrepareAsync(request, new AskTrace(span, request.Collection), cancellationToken);
        }
        catch (Exception e)
        {
            span.Fail(e);
            span?.Dispose();
            throw;
        }
    }

    private async Task<PreparedAsk> PrepareAsync(AskRequest request, AskTrace trace, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Question))
            throw new RequestRejectedException(RejectionReason.Invalid, "Empty question", "The question is empty.");
        var conversation = request.Conversation ?? [];
        if (conversation.Count > MaxConversationTurns)
            throw new RequestRejectedException(RejectionReason.Invalid, "Conversation too long", $"At most {MaxConversationTurns} earlier messages are accepted.");
        if (conversation.Any(t => t.Role is not ("user" or "assistant") || t.Content is null))
            throw new RequestRejectedException(RejectionReason.Invalid, "Bad conversation", "Each conversation message needs role 'user' or 'assistant' and content.");
        limits.CheckLength(request.Question, "question");
        foreach (var turn in conversation)
            limits.CheckLength(turn.Content, "conversation message");

        string question;
        using (var rewrite = RagTelemetry.Source.StartActivity("ask.rewrite"))
        {
            rewrite?.SetTag("rag.ask.conversation_turns", conversation.Count);
            question = await rewriter.StandaloneAsync(conversation, request.Question.Trim(), cancellationToken);
        }
        var found = await search.SearchAsync(new SearchRequest(request.Collection, question, request.Top, request.Mode), cancellationToken);
        AnswerEvidence gathered;
        using (var decide = RagTelemetry.Source.StartActivity("ask.decide"))
        {
            gathered = await evidence.GatherAsync(question, found.CollectionId, found.Chunks, found.LegsAgree, cancellationToken);
            decide?.SetTag(RagTelemetry.Relevance, gathered.Relevance.Score);
        }
        return new PreparedAsk(question, found.Chunks, trace, found.Retrieval, gathered);
    }

    /// <summary>Generates and verifies the answer under "ask.generate" and "ask.verify" spans, then ends the "ask"
    /// span, records the question's duration and logs the outcome.</summary>
    public async IAsyncEnumerable<AskUpdate> StreamAsync(PreparedAsk prepared, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var trace = prepared.Trace;
        AskResult? result = null;
        try
        {
            await foreach (var update in AnswerAsync(prepared, cancellationToken))
            {
                if (update is AnswerCompleted done) result = done.Result;
                yield return update;
            }
        }
        finally
        {
            Complete(trace, result);
        }
    }

    private void Complete(AskTrace trace, AskResult? result)
    {
        using var span = trace.Span;
        if (result is null)
        {
            span?.SetStatus(ActivityStatusCode.Error, "The answer was not completed.");
            return;
        }
        var answer = result.Answer;
        span?.SetTag(RagTelemetry.Grounded, answer.Grounded).SetTag(RagTelemetry.Citations, answer.Citations.Count);
        metrics.AskDuration.Record(trace.Elapsed.TotalSeconds,
            new(RagTelemetry.Collection, trace.Collection), new(RagTelemetry.Grounded, answer.Grounded));
        logger.LogInformation("Answered a question in {Collection}: grounded {Grounded}, {Citations} citations from {Sources} sources in {ElapsedMs:F0} ms",
            trace.Collection, answer.Grounded, answer.Citations.Count, result.Sources.Count, trace.Elapsed.TotalMilliseconds);
    }

    private async IAsyncEnumerable<AskUpdate> AnswerAsync(PreparedAsk prepared, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (question, sources, trace, retrieval, (terms, candidates, relevance)) = prepared;
        using var generate = trace.StartChild("ask.generate");
        var (chat, status) = llm.Now;
        if (!relevance.Passes)
        {
            generate?.SetTag(RagTelemetry.Generator, "none");
            yield return new AnswerDelta(GroundedAnswer.NotFound);
            yield return new AnswerCompleted(new AskResult(GroundedAnswer.NotFoundInDocuments(), sources, question, retrieval, relevance,
                AnswerKind.Extractive, chat is null ? status.ExtractiveReason : null, new TokenUsage(0, 0)));
            yield break;
        }
        if (chat is null)
        {
            generate?.SetTag(RagTelemetry.Generator, "extractive");
            var answer = extractive.Answer(terms, candidates, sources);
            yield return new AnswerDelta(answer.Text);
            yield return new AnswerCompleted(new AskResult(answer, sources, question, retrieval, relevance, AnswerKind.Extractive,
                status.ExtractiveReason, new TokenUsage(0, 0)));
            yield break;
        }

        generate?.SetTag(RagTelemetry.Generator, "llm");
        var text = new StringBuilder();
        var chatOptions = new ChatOptions { MaxOutputTokens = options.MaxNewTokens, Temperature = options.Temperature };
        var collection = new KeyValuePair<string, object?>(RagTelemetry.Collection, trace.Collection);
        var started = Stopwatch.GetTimestamp();
        var pieces = 0;
        UsageDetails? usage = null;
        await foreach (var update in chat.GetStreamingResponseAsync(AnswerPrompt.Answer(question, sources), chatOptions, cancellationToken))
        {
            usage = update.Contents.OfType<UsageContent>().LastOrDefault()?.Details ?? usage;
            if (string.IsNullOrEmpty(update.Text)) continue;
            if (pieces++ == 0) metrics.TimeToFirstToken.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, collection);
            text.Append(update.Text);
            yield return new AnswerDelta(update.Text);
        }
        // Servers that report no usage stream about one token per piece.
        var outputTokens = usage?.OutputTokenCount ?? pieces;
        metrics.TokensGenerated.Add(outputTokens, collection);
        generate?.SetTag(RagTelemetry.OutputTokens, outputTokens).SetTag(RagTelemetry.InputTokens, usage?.InputTokenCount);
        generate?.Dispose();

        GroundedAnswer verified;
        using (var verify = trace.StartChild("ask.verify"))
        {
            verified = CitationVerifier.Verify(text.ToString(), sources);
            verify?.SetTag(RagTelemetry.Grounded, verified.Grounded).SetTag(RagTelemetry.Citations, verified.Citations.Count);
        }
        yield return new AnswerCompleted(new AskResult(verified, sources, question, retrieval, relevance, AnswerKind.Generated,
            Usage: new TokenUsage(usage?.InputTokenCount ?? 0, outputTokens)));
    }
}
