using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using Rag.Core.Answering;
using Rag.Core.Errors;
using Rag.Core.Retrieval;
using Rag.Infrastructure.Retrieval;

namespace Rag.Infrastructure.Answering;

public sealed record AskRequest(string Collection, string Question, int Top = 5, SearchMode? Mode = null,
    IReadOnlyList<ConversationTurn>? Conversation = null);

/// <summary>StandaloneQuestion is what was retrieved for: the question itself, or the follow-up rewritten.</summary>
public sealed record AskResult(GroundedAnswer Answer, IReadOnlyList<RetrievedChunk> Sources, string StandaloneQuestion);

/// <summary>A question after validation, rewriting and retrieval: everything that can fail with a problem response.</summary>
public sealed record PreparedAsk(string Question, IReadOnlyList<RetrievedChunk> Sources);

/// <summary>Retrieves sources for a question and answers from them, citing each claim by source number: with the
/// configured LLM (citations verified afterwards), or extractively when none is configured.</summary>
public sealed class AskService(SearchService search, ExtractiveAnswerer extractive, QuestionRewriter rewriter,
    RelevanceFloor floor, LlmOptions options, QueryOptions limits, IChatClient? chat = null)
{
    public const int MaxConversationTurns = 50;

    public async Task<AskResult> AskAsync(AskRequest request, CancellationToken cancellationToken)
    {
        var prepared = await PrepareAsync(request, cancellationToken);
        await foreach (var update in StreamAsync(prepared, cancellationToken))
            if (update is AnswerCompleted done) return done.Result;
        throw new InvalidOperationException("The answer stream ended without a result.");
    }

    public async Task<PreparedAsk> PrepareAsync(AskRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Question))
            throw new RequestRejectedException(RejectionKind.BadRequest, "Empty question", "The question is empty.");
        var conversation = request.Conversation ?? [];
        if (conversation.Count > MaxConversationTurns)
            throw new RequestRejectedException(RejectionKind.BadRequest, "Conversation too long", $"At most {MaxConversationTurns} earlier messages are accepted.");
        if (conversation.Any(t => t.Role is not ("user" or "assistant") || t.Content is null))
            throw new RequestRejectedException(RejectionKind.BadRequest, "Bad conversation", "Each conversation message needs role 'user' or 'assistant' and content.");
        limits.CheckLength(request.Question, "question");
        foreach (var turn in conversation)
            limits.CheckLength(turn.Content, "conversation message");

        var question = await rewriter.StandaloneAsync(conversation, request.Question.Trim(), cancellationToken);
        var sources = await search.SearchAsync(new SearchRequest(request.Collection, question, request.Top, request.Mode), cancellationToken);
        return new PreparedAsk(question, sources);
    }

    public async IAsyncEnumerable<AskUpdate> StreamAsync(PreparedAsk prepared, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (question, sources) = prepared;
        if (chat is null)
        {
            var answer = extractive.Answer(question, sources);
            yield return new AnswerDelta(answer.Text);
            yield return new AnswerCompleted(new AskResult(answer, sources, question));
            yield break;
        }
        if (!floor.AnyRelevant(question, sources))
        {
            yield return new AnswerDelta(GroundedAnswer.NotFound);
            yield return new AnswerCompleted(new AskResult(GroundedAnswer.NotFoundInDocuments(), sources, question));
            yield break;
        }

        var text = new StringBuilder();
        var chatOptions = new ChatOptions { MaxOutputTokens = options.MaxNewTokens, Temperature = options.Temperature };
        await foreach (var update in chat.GetStreamingResponseAsync(AnswerPrompt.Answer(question, sources), chatOptions, cancellationToken))
        {
            if (string.IsNullOrEmpty(update.Text)) continue;
            text.Append(update.Text);
            yield return new AnswerDelta(update.Text);
        }
        yield return new AnswerCompleted(new AskResult(CitationVerifier.Verify(text.ToString(), sources), sources, question));
    }
}
