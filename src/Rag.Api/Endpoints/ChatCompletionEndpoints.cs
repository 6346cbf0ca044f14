using System.Net.ServerSentEvents;
using System.Text.Json.Serialization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Rag.Api.Access;
using Rag.Application.Answering;
using Rag.Application.Collections;
using Rag.Contracts;
using Rag.Core.Errors;
using static Rag.Api.Endpoints.AskEndpoints;
using static Rag.Api.Endpoints.RetrievalEndpoints;
using Citation = Rag.Contracts.Citation;

namespace Rag.Api.Endpoints;

/// <summary>POST /v1/chat/completions, so existing OpenAI clients can query a collection: model = collection name, the
/// last user message is the question, earlier user/assistant messages are the conversation. Client system messages are
/// ignored: the grounding rules are the service's. Citations and sources ride along as extra fields. GET /v1/models
/// lists the collections the key may read, which OpenAI clients and chat UIs ask for first.</summary>
public static class ChatCompletionEndpoints
{
    public sealed record MessageBody(string? Role, JsonElement Content);
    public sealed record CompletionBody(string? Model, List<MessageBody>? Messages, bool? Stream, int? Top);

    public sealed record AssistantMessage(string Role, string Content);
    public sealed record Choice(int Index, AssistantMessage Message, [property: JsonPropertyName("finish_reason")] string FinishReason);
    /// <summary>Tokens the LLM read and wrote for this answer; zero for an extractive answer, which no model wrote.</summary>
    public sealed record Usage([property: JsonPropertyName("prompt_tokens")] long PromptTokens,
        [property: JsonPropertyName("completion_tokens")] long CompletionTokens, [property: JsonPropertyName("total_tokens")] long TotalTokens);
    public sealed record Completion(string Id, string Object, long Created, string Model, IReadOnlyList<Choice> Choices, Usage Usage,
        IReadOnlyList<Citation> Citations, IReadOnlyList<Source> Sources);

    public sealed record Delta(string? Role, string? Content);
    public sealed record ChunkChoice(int Index, Delta Delta, [property: JsonPropertyName("finish_reason")] string? FinishReason);
    public sealed record Chunk(string Id, string Object, long Created, string Model, IReadOnlyList<ChunkChoice> Choices,
        IReadOnlyList<Citation>? Citations = null, IReadOnlyList<Source>? Sources = null, Usage? Usage = null);

    public sealed record ModelInfo(string Id, string Object, long Created, [property: JsonPropertyName("owned_by")] string OwnedBy);
    public sealed record ModelList(string Object, IReadOnlyList<ModelInfo> Data);

    /// <summary>How OpenAI's API reports an error in the middle of a stream: data: {"error": {message, type, code}}.</summary>
    public sealed record ErrorInfo(string Message, string Type, string? Code = null);
    public sealed record ErrorChunk(ErrorInfo Error);

    public static void MapChatCompletionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/chat/completions", CompleteAsync).WithTags("OpenAI-compatible").RequireRateLimiting(RateLimits.Queries);
        app.MapGet("/v1/models", ModelsAsync).WithTags("OpenAI-compatible");
    }

    private static async Task<ModelList> ModelsAsync(CollectionCatalog catalog, CancellationToken ct) =>
        new("list", [.. (await catalog.ListAsync(ct)).Select(c => new ModelInfo(c.Name, "model", c.CreatedAt.ToUnixTimeSeconds(), "rag"))]);

    private static async Task<Results<Ok<Completion>, ServerSentEventsResult<string>>> CompleteAsync(CompletionBody body, HttpContext http, AskService ask,
        IOptions<JsonOptions> json, CancellationToken ct)
    {
        var (question, conversation) = Split(body.Messages ?? []);
        var model = body.Model ?? "";
        var prepared = await ask.PrepareAsync(new AskRequest(model, question, body.Top ?? 5, Conversation: conversation), ct);
        var id = "chatcmpl-" + Guid.NewGuid().ToString("N");
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        if (body.Stream != true)
        {
            var result = await ask.CompleteAsync(prepared, ct);
            return TypedResults.Ok(new Completion(id, "chat.completion", created, model,
                [new Choice(0, new AssistantMessage("assistant", result.Answer.Text), "stop")], UsageOf(result),
                Citations(result.Answer), Numbered(result.Sources)));
        }
        var options = json.Value.SerializerOptions;
        return TypedResults.ServerSentEvents(EventStream.EndingInProblem(http, Chunks(ask.StreamAsync(prepared, ct), id, created, model, options),
            problem => Data(new ErrorChunk(new ErrorInfo(problem.Detail!, "server_error")), options)));
    }

    /// <summary>OpenAI's stream: a chunk with the assistant role, one per piece of text, a last one with finish_reason
    /// "stop" (and our citations and sources), then data: [DONE], which is not JSON; so each event's data is written
    /// here (as the JSON of a response is), and the result writes strings as they are.</summary>
    private static async IAsyncEnumerable<SseItem<string>> Chunks(IAsyncEnumerable<AskUpdate> updates, string id, long created, string model,
        JsonSerializerOptions json)
    {
        yield return Data(new Chunk(id, "chat.completion.chunk", created, model, [new ChunkChoice(0, new Delta("assistant", ""), null)]), json);
        await foreach (var update in updates)
        {
            Chunk? chunk = update switch
            {
                AnswerDelta delta => new Chunk(id, "chat.completion.chunk", created, model, [new ChunkChoice(0, new Delta(null, delta.Text), null)]),
                AnswerCompleted { Result: var result } => new Chunk(id, "chat.completion.chunk", created, model,
                    [new ChunkChoice(0, new Delta(null, null), "stop")], Citations(result.Answer), Numbered(result.Sources), UsageOf(result)),
                _ => null,
            };
            if (chunk is not null) yield return Data(chunk, json);
        }
        yield return new SseItem<string>("[DONE]");
    }

    private static Usage UsageOf(AskResult result)
    {
        var (input, output) = result.Usage ?? new TokenUsage(0, 0);
        return new Usage(input, output, input + output);
    }

    private static SseItem<string> Data<T>(T value, JsonSerializerOptions json) => new(JsonSerializer.Serialize(value, json));

    private static (string Question, List<ConversationMessage> Conversation) Split(List<MessageBody> messages)
    {
        var turns = messages
            .Where(m => m.Role is "user" or "assistant")
            .Select(m => new ConversationMessage(m.Role!, Text(m.Content)))
            .ToList();
        if (turns.Count == 0 || turns[^1].Role != "user")
            throw new RequestRejectedException(RejectionReason.Invalid, "No question", "'messages' must end with a user message.");
        return (turns[^1].Content, turns[..^1]);
    }

    /// <summary>Content is a string or an array of parts; only text parts count.</summary>
    private static string Text(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString()!,
        JsonValueKind.Array => string.Concat(content.EnumerateArray()
            .Where(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
            .Select(p => p.GetProperty("text").GetString())),
        _ => throw new RequestRejectedException(RejectionReason.Invalid, "Bad message", "Message content must be a string or an array of text parts."),
    };
}
