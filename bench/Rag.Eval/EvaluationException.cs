namespace Rag.Eval;

/// <summary>The evaluation cannot go on; the message says why in terms the user can act on.</summary>
public sealed class EvaluationException(string message) : Exception(message);
