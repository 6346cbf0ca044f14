namespace Rag.Load;

/// <summary>Latencies and outcomes of one kind of request, safe to record from many clients at once.</summary>
public sealed class OperationStats(string name)
{
    private readonly List<double> _latenciesMs = [];
    private int _throttled;
    private int _errors;

    public string Name => name;
    public int Succeeded { get { lock (_latenciesMs) return _latenciesMs.Count; } }
    public int Throttled => Volatile.Read(ref _throttled);
    public int Errors => Volatile.Read(ref _errors);

    public void Success(TimeSpan latency) { lock (_latenciesMs) _latenciesMs.Add(latency.TotalMilliseconds); }
    public void Throttle() => Interlocked.Increment(ref _throttled);
    public void Error() => Interlocked.Increment(ref _errors);

    /// <summary>Nearest-rank percentile of the successful requests' latencies (0 when there were none).</summary>
    public double PercentileMs(double percentile)
    {
        lock (_latenciesMs)
        {
            if (_latenciesMs.Count == 0) return 0;
            var sorted = _latenciesMs.Order().ToList();
            var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count);
            return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
        }
    }
}
