using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rag.Application.Retrieval;
using Rag.Contracts;
using Rag.Core.Access;
using Rag.Core.Domain;
using Rag.Core.Errors;
using Rag.Infrastructure.Storage;

namespace Rag.Application.Conversations;

/// <summary>Saved conversations, each visible only to the API key that made it (<c>owner</c>): another key's
/// conversation is "not found", exactly like one that does not exist. A conversation about a collection the key can no
/// longer read is left out too, since its answers quote that collection.</summary>
public sealed class ConversationStore(RagDbContext db, ICallerAccess caller, QueryOptions limits)
{

    public async Task<List<ConversationSummary>> ListAsync(Guid owner, string? collection, CancellationToken ct)
    {
        var readable = caller.Current.Readable(db.Collections.AsNoTracking());
        if (collection is not null) readable = readable.Where(c => c.Name == collection);
        return await db.Conversations.AsNoTracking()
            .Where(c => c.OwnerKeyId == owner)
            .Join(readable, c => c.CollectionId, k => k.Id, (c, k) => new { c, k.Name })
            .OrderByDescending(x => x.c.UpdatedAt)
            .Select(x => new ConversationSummary(x.c.Id, x.c.Title, x.Name, x.c.CreatedAt, x.c.UpdatedAt, x.c.Turns.Count))
            .ToListAsync(ct);
    }

    public async Task<ConversationDetail> GetAsync(Guid owner, Guid id, CancellationToken ct)
    {
        var (conversation, collection) = await FindAsync(owner, id, ct);
        var turns = await db.Set<ConversationTurn>().AsNoTracking().Where(t => t.ConversationId == id).OrderBy(t => t.Index).ToListAsync(ct);
        return new ConversationDetail(conversation.Id, conversation.Title, collection, conversation.CreatedAt, conversation.UpdatedAt,
            turns.Select(Saved).ToList());
    }

    public async Task<ConversationSummary> CreateAsync(Guid owner, string? collectionName, string? title, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(collectionName))
            throw new RequestRejectedException(RejectionReason.Invalid, "Collection required", "Name the collection the conversation asks about.");
        var collection = await db.Collections.AsNoTracking().SingleOrDefaultAsync(c => c.Name == collectionName, ct)
            ?? throw RequestRejectedException.CollectionNotFound(collectionName);
        caller.Current.EnsureCanRead(collection);
        var conversation = new Conversation { OwnerKeyId = owner, CollectionId = collection.Id, Title = CheckedTitle(title ?? "New conversation") };
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync(ct);
        return Summary(conversation, collection.Name, 0);
    }

    public async Task<ConversationSummary> RenameAsync(Guid owner, Guid id, string? title, CancellationToken ct)
    {
        var (conversation, collection) = await FindAsync(owner, id, ct, tracked: true);
        conversation.Title = CheckedTitle(title);
        conversation.UpdatedAt = DateTimeOffset.UtcNow;
        await db.SaveChangesAsync(ct);
        return Summary(conversation, collection, await db.Set<ConversationTurn>().CountAsync(t => t.ConversationId == id, ct));
    }

    public async Task DeleteAsync(Guid owner, Guid id, CancellationToken ct)
    {
        var (conversation, _) = await FindAsync(owner, id, ct, tracked: true);
        db.Conversations.Remove(conversation);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Adds a question and its answer at the end of the conversation.</summary>
    public async Task<SavedTurn> AppendAsync(Guid owner, Guid id, string? question, JsonElement answer, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(question))
            throw new RequestRejectedException(RejectionReason.Invalid, "Question required", "A turn needs the question that was asked.");
        limits.CheckLength(question, "question");
        if (answer.ValueKind != JsonValueKind.Object)
            throw new RequestRejectedException(RejectionReason.Invalid, "Answer required",
                "A turn needs the answer as a JSON object, as POST /api/ask returned it.");
        var (conversation, _) = await FindAsync(owner, id, ct, tracked: true);
        var next = await db.Set<ConversationTurn>().Where(t => t.ConversationId == id).MaxAsync(t => (int?)t.Index, ct) ?? -1;
        var turn = new ConversationTurn { ConversationId = id, Index = next + 1, Question = question.Trim(), AnswerJson = answer.GetRawText() };
        db.Add(turn);
        conversation.UpdatedAt = turn.CreatedAt;
        await db.SaveChangesAsync(ct);
        return Saved(turn);
    }

    /// <summary>Removes the turn at <paramref name="index"/> and every later one (to ask again from there: Regenerate).</summary>
    public async Task TruncateAsync(Guid owner, Guid id, int index, CancellationToken ct)
    {
        var (conversation, _) = await FindAsync(owner, id, ct, tracked: true);
        var removed = await db.Set<ConversationTurn>().Where(t => t.ConversationId == id && t.Index >= index).ToListAsync(ct);
        if (removed.Count == 0)
            throw new RequestRejectedException(RejectionReason.NotFound, "Turn not found", $"The conversation has no turn {index}.");
        db.RemoveRange(removed);
        conversation.UpdatedAt = DateTimeOffset.UtcNow;
        await db.SaveChangesAsync(ct);
    }

    private async Task<(Conversation Conversation, string Collection)> FindAsync(Guid owner, Guid id, CancellationToken ct, bool tracked = false)
    {
        var conversations = tracked ? db.Conversations : db.Conversations.AsNoTracking();
        var conversation = await conversations.SingleOrDefaultAsync(c => c.Id == id && c.OwnerKeyId == owner, ct);
        var collection = conversation is null ? null
            : await caller.Current.Readable(db.Collections.AsNoTracking()).Where(c => c.Id == conversation.CollectionId).Select(c => c.Name).SingleOrDefaultAsync(ct);
        if (conversation is null || collection is null)
            throw new RequestRejectedException(RejectionReason.NotFound, "Conversation not found", $"There is no conversation with id {id}.");
        return (conversation, collection);
    }

    private static string CheckedTitle(string? title)
    {
        var trimmed = title?.Trim() ?? "";
        if (trimmed.Length is 0 or > Conversation.MaxTitleChars)
            throw new RequestRejectedException(RejectionReason.Invalid, "Invalid title", $"A conversation title is 1 to {Conversation.MaxTitleChars} characters.");
        return trimmed;
    }

    private static ConversationSummary Summary(Conversation c, string collection, int turns) =>
        new(c.Id, c.Title, collection, c.CreatedAt, c.UpdatedAt, turns);

    private static SavedTurn Saved(ConversationTurn turn)
    {
        using var answer = JsonDocument.Parse(turn.AnswerJson);
        return new SavedTurn(turn.Index, turn.Question, answer.RootElement.Clone(), turn.CreatedAt);
    }
}
