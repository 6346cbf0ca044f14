namespace Rag.Contracts;

/// <summary>An earlier message of the conversation (role "user" or "assistant"), sent with a follow-up so the service
/// can make it standalone. A body may omit either field (JSON has no non-null); the API reads a missing one as "".</summary>
public sealed record ConversationMessage(string Role, string Content);

public sealed record AskBody(string? Collection, string? Question, int? Top, SearchMode? Mode, List<ConversationMessage>? Conversation);

/// <summary>Extractive: sentences of the sources (or "not found"); generated: written by the LLM.</summary>
public enum AnswerKind { Extractive, Generated }

public sealed record Citation(int N, Guid DocumentId, string FileName, int Page, string Quote);

/// <summary>The decision whether the sources answer the question. Score: the calibrated probability that they do;
/// below Threshold the answer is "not found" and no LLM is asked. Similarity: the best question-to-sentence cosine of
/// the encoder (null without one). TermCoverage / SentenceCoverage: the share of the question's terms in the best source /
/// sentence. MissingTerms: the question's names and numbers the best source lacks. UnmatchedNegation: the question asks
/// about what is not the case and the best source says nothing of the kind. AnswerTypeMissing: the question asks for a
/// date, a number or a person and the best sentences hold none. NamesOutsideSentence: the question's names and numbers
/// the best source holds but not the best sentence with its neighbours. SimilarityMargin: how far the best sentence's
/// similarity stands above the second's. LegsAgree: whether keyword and vector retrieval ranked the same passage first
/// (null when only one ran, or the vector store fused them itself). UnknownTerms: the question's terms other than names
/// and numbers that no document of the collection holds; when that is all of them, the score is 0.</summary>
public sealed record RelevanceInfo(double Score, double Threshold, double? Similarity, double TermCoverage, double SentenceCoverage,
    IReadOnlyList<string> MissingTerms, bool UnmatchedNegation, bool AnswerTypeMissing, int NamesOutsideSentence,
    double? SimilarityMargin, bool? LegsAgree, IReadOnlyList<string> UnknownTerms);

/// <summary>Question: the standalone question the sources were retrieved for (a follow-up rewritten). ExtractiveReason:
/// set when the answer was picked from the sources because no LLM could write it, and why.</summary>
public sealed record AskResponse(string Answer, bool Grounded, string Question, AnswerKind AnswerKind, IReadOnlyList<Citation> Citations,
    IReadOnlyList<Source> Sources, RetrievalInfo Retrieval, string? ExtractiveReason, RelevanceInfo Relevance)
{
    public const string NotFound = "Not found in the documents.";
}

/// <summary>A "token" event of a streamed answer: the next piece of its text.</summary>
public sealed record TokenEvent(string Text);
