using System.Diagnostics;

namespace Rag.Infrastructure.Diagnostics;

/// <summary>The "ask" span and clock of one question. Preparing and streaming the answer are separate calls (the
/// endpoint answers problems in between), so the span is carried along explicitly rather than through Activity.Current.</summary>
public sealed class AskTrace(Activity? span, string collection)
{
    private readonly long started = Stopwatch.GetTimestamp();

    public Activity? Span => span;
    public string Collection => collection;
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(started);

    public Activity? StartChild(string name) =>
        RagTelemetry.Source.StartActivity(name, ActivityKind.Internal, span?.Context ?? default);
}
