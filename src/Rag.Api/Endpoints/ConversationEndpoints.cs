using Rag.Api.Access;
using Rag.Application.Conversations;
using Rag.Contracts;

namespace Rag.Api.Endpoints;

/// <summary>Saved conversations of the calling API key (the web UI's side panel, and any other client's).</summary>
public static class ConversationEndpoints
{
    public static void MapConversationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/conversations").WithTags("Conversations");
        group.MapGet("/", (string? collection, HttpContext http, ConversationStore store, CancellationToken ct) =>
            store.ListAsync(Owner(http), collection, ct));
        group.MapPost("/", async (CreateConversationBody body, HttpContext http, ConversationStore store, CancellationToken ct) =>
        {
            var created = await store.CreateAsync(Owner(http), body.Collection, body.Title, ct);
            return TypedResults.Created($"/api/conversations/{created.Id}", created);
        });
        group.MapGet("/{id:guid}", (Guid id, HttpContext http, ConversationStore store, CancellationToken ct) =>
            store.GetAsync(Owner(http), id, ct));
        group.MapPatch("/{id:guid}", (Guid id, RenameConversationBody body, HttpContext http, ConversationStore store, CancellationToken ct) =>
            store.RenameAsync(Owner(http), id, body.Title, ct));
        group.MapDelete("/{id:guid}", async (Guid id, HttpContext http, ConversationStore store, CancellationToken ct) =>
        {
            await store.DeleteAsync(Owner(http), id, ct);
            return TypedResults.NoContent();
        });
        group.MapPost("/{id:guid}/turns", async (Guid id, AppendTurnBody body, HttpContext http, ConversationStore store, CancellationToken ct) =>
        {
            var turn = await store.AppendAsync(Owner(http), id, body.Question, body.Answer, ct);
            return TypedResults.Created($"/api/conversations/{id}", turn);
        });
        group.MapDelete("/{id:guid}/turns/{index:int}", async (Guid id, int index, HttpContext http, ConversationStore store, CancellationToken ct) =>
        {
            await store.TruncateAsync(Owner(http), id, index, ct);
            return TypedResults.NoContent();
        });
    }

    /// <summary>The calling key; with authentication off there is none, and everyone shares <see cref="Guid.Empty"/>.</summary>
    private static Guid Owner(HttpContext http) =>
        Guid.TryParse(ApiKeyPrincipal.KeyId(http.User), out var key) ? key : Guid.Empty;
}
