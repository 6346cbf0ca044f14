using Rag.Contracts;
using Rag.Core.Domain;
using Rag.Core.Errors;

namespace Rag.Core.Access;

/// <summary>What the caller of the current request may see and change. Services consult it on every collection they
/// touch: a collection the caller cannot read behaves exactly like one that does not exist, so neither its contents
/// nor its existence leak; a readable one the caller may not change answers 403.</summary>
public sealed class CallerAccess
{
    private readonly IReadOnlyDictionary<Guid, CollectionAccess> _grants;

    public CallerAccess(bool isAdmin, IReadOnlyDictionary<Guid, CollectionAccess> grants)
    {
        IsAdmin = isAdmin;
        _grants = grants;
    }

    /// <summary>Admins (and everyone when authentication is off) may do everything.</summary>
    public static CallerAccess Admin { get; } = new(true, new Dictionary<Guid, CollectionAccess>());

    /// <summary>No rights at all: what code running outside an authenticated request gets.</summary>
    public static CallerAccess Nothing { get; } = new(false, new Dictionary<Guid, CollectionAccess>());

    public bool IsAdmin { get; }

    public IReadOnlyDictionary<Guid, CollectionAccess> Grants => _grants;

    public bool CanRead(Guid collectionId) => IsAdmin || _grants.ContainsKey(collectionId);

    public bool CanWrite(Guid collectionId) =>
        IsAdmin || (_grants.TryGetValue(collectionId, out var right) && right == CollectionAccess.Write);

    /// <summary>Only the collections the caller may read; admins see all.</summary>
    public IQueryable<Collection> Readable(IQueryable<Collection> collections)
    {
        if (IsAdmin) return collections;
        var ids = _grants.Keys.ToList();
        return collections.Where(c => ids.Contains(c.Id));
    }

    /// <summary>Throws "not found" for a collection the caller cannot read, as if it did not exist.</summary>
    public void EnsureCanRead(Collection collection)
    {
        if (!CanRead(collection.Id)) throw RequestRejectedException.CollectionNotFound(collection.Name);
    }

    /// <summary>Not found when unreadable; forbidden when readable but not writable.</summary>
    public void EnsureCanWrite(Collection collection)
    {
        EnsureCanRead(collection);
        if (!CanWrite(collection.Id))
            throw new RequestRejectedException(RejectionReason.NotPermitted, "Read-only access",
                $"This API key may read collection '{collection.Name}' but not change it.");
    }

    public void EnsureAdmin(string action)
    {
        if (!IsAdmin)
            throw new RequestRejectedException(RejectionReason.NotPermitted, "Admin key required", $"Only an admin key may {action}.");
    }
}
