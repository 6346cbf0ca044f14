using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Diagnostics;
using Rag.Infrastructure.Diagnostics;

namespace Rag.Testing.Hosting;

public sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);

/// <summary>Records, inside the test process, every span and measurement of the service's "Rag" source and meter
/// while it lives. Test classes run in parallel, so tests pick out their own by document id or collection.</summary>
public sealed class TelemetryRecorder : IDisposable
{
    private readonly ActivityListener _spans;
    private readonly MeterListener _meters = new();
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();

    public TelemetryRecorder()
    {
        _spans = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RagTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_spans);

        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RagTelemetry.Name) listener.EnableMeasurementEvents(instrument);
        };
        _meters.SetMeasurementEventCallback<long>((i, value, tags, _) => Record(i, value, tags));
        _meters.SetMeasurementEventCallback<int>((i, value, tags, _) => Record(i, value, tags));
        _meters.SetMeasurementEventCallback<double>((i, value, tags, _) => Record(i, value, tags));
        _meters.Start();
    }

    public IReadOnlyList<Activity> Spans => _stopped.ToArray();
    public IReadOnlyList<Measurement> Measurements => _measurements.ToArray();

    /// <summary>Polls until <paramref name="find"/> finds something: spans end and metrics are recorded just after
    /// the HTTP-visible outcome (a document turns ready before its ingest span ends).</summary>
    public static Task<T> EventuallyAsync<T>(Func<T?> find, string what) where T : class =>
        EventuallyAsync(() => Task.FromResult(find()), what);

    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> find, string what) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(60); // generous: exporters run on timers, and CI machines can be busy
        while (true)
        {
            if (await find() is { } found) return found;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Never recorded: {what}");
            await Task.Delay(50);
        }
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var (key, tagValue) in tags) copy[key] = tagValue;
        _measurements.Enqueue(new Measurement(instrument.Name, value, copy));
    }

    public void Dispose()
    {
        _spans.Dispose();
        _meters.Dispose();
    }
}
