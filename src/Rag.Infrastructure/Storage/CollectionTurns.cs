namespace Rag.Infrastructure.Storage;

/// <summary>Which collection's ingestion job goes next: the one served least recently (never served first), so that
/// collections take turns however many documents each has queued. Remembers only collections with work waiting.</summary>
internal sealed class CollectionTurns
{
    private readonly Lock _lock = new();
    private Dictionary<Guid, long> _lastServed = [];
    private long _turn;

    /// <summary>Picks one of the collections that have claimable jobs and records it as served now.</summary>
    public Guid Next(IReadOnlyList<Guid> waiting)
    {
        lock (_lock)
        {
            var next = waiting.MinBy(c => _lastServed.GetValueOrDefault(c, -1));
            _lastServed = waiting.ToDictionary(c => c, c => _lastServed.GetValueOrDefault(c, -1));
            _lastServed[next] = ++_turn;
            return next;
        }
    }
}
