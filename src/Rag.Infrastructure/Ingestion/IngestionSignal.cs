namespace Rag.Infrastructure.Ingestion;

/// <summary>Wakes idle ingestion workers as soon as work is queued instead of waiting for their next poll.</summary>
public sealed class IngestionSignal
{
    private readonly SemaphoreSlim _signal = new(0);

    public void Notify() { if (_signal.CurrentCount == 0) _signal.Release(); }

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
