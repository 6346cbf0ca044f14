using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Rag.Core.Errors;

namespace Rag.Application.Retrieval;

public enum HybridFusion { Convex, Rrf }

/// <summary>Limits on what a caller may send as a search query, question or conversation message (checked where the
/// caller's text comes in: the search endpoint, the ask service; not on queries the service builds itself, such as a
/// follow-up joined with the question before it), and how hybrid search fuses its legs.</summary>
public sealed class QueryOptions
{
    [Range(1, 1_000_000)]
    public int MaxQuestionChars { get; set; } = 10_000;

    /// <summary>How hybrid search merges its two legs: convex (scores, the default: measured best on SciFact) or rrf
    /// (reciprocal rank fusion of the ranks).</summary>
    public HybridFusion Fusion { get; set; } = HybridFusion.Convex;

    /// <summary>Convex fusion: the vector leg's share of the combined score (the keyword leg has the rest).</summary>
    [Range(0.0, 1.0)]
    public float VectorShare { get; set; } = 0.5f;

    /// <summary>Rank fusion: weight of the vector leg's ranks against the keyword leg's (1).</summary>
    [Range(0.0, 100.0)]
    public float VectorWeight { get; set; } = 1f;

    /// <summary>Refuses text longer than <see cref="MaxQuestionChars"/> with a 400 that names the limit.</summary>
    public void CheckLength(string text, string what)
    {
        if (text.Length > MaxQuestionChars)
            throw new RequestRejectedException(RejectionReason.Invalid, $"{char.ToUpperInvariant(what[0])}{what[1..]} too long",
                string.Create(CultureInfo.InvariantCulture, $"The {what} has {text.Length:N0} characters; the limit is {MaxQuestionChars:N0}."));
    }
}
