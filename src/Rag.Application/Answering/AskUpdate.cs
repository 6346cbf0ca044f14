namespace Rag.Application.Answering;

/// <summary>What a streamed answer yields: text as it is generated, then the verified result once.</summary>
public abstract record AskUpdate;

/// <summary>Raw generated text. Markers pointing at no source still appear here; the final answer drops them.</summary>
public sealed record AnswerDelta(string Text) : AskUpdate;

public sealed record AnswerCompleted(AskResult Result) : AskUpdate;
