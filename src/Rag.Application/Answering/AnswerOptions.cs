using System.ComponentModel.DataAnnotations;

namespace Rag.Application.Answering;

/// <summary>Configuration section Rag:Answer.</summary>
public sealed class AnswerOptions
{
    /// <summary>The relevance score (<see cref="Rag.Core.Answering.RelevanceDecision"/>) below which the answer is
    /// "not found" and no LLM is asked. The default was calibrated on SQuAD 2.0 to keep answerable questions answered.</summary>
    [Range(0.0, 1.0)]
    public double MinimumRelevance { get; init; } = 0.5;
}
