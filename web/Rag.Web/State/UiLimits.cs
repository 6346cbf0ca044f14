namespace Rag.Web.State;

/// <summary>The service's text limits, enforced in the browser too (maxlength and a counter), so that no text box
/// can send more than the service takes; <c>Rag:Query:MaxQuestionChars</c>, as the API applies it.</summary>
public sealed record UiLimits(int MaxQuestionChars);
