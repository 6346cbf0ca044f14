using Rag.Core.Answering;
using Rag.Core.Retrieval;
using Rag.Infrastructure.Vectors;

namespace Rag.Application.Answering;

/// <summary>What the answer is decided and picked from: the question's weighted terms, the sources' sentences (the
/// best covering ones compared with the question by the encoder when one runs for the question's script) and the
/// relevance decision.</summary>
public sealed record AnswerEvidence(QuestionTerms Terms, IReadOnlyList<AnswerCandidate> Candidates, Relevance Relevance);

public sealed class AnswerEvidenceGatherer(SemanticSearch semantic, RelevanceDecision decision, IKeywordIndex keywords)
{
    /// <param name="legsAgree">Whether keyword and vector retrieval ranked the same passage first; null when unknown.</param>
    public async Task<AnswerEvidence> GatherAsync(string question, Guid collectionId, IReadOnlyList<RetrievedChunk> sources, bool? legsAgree,
        CancellationToken cancellationToken)
    {
        var terms = new QuestionTerms(question);
        var candidates = AnswerCandidates.All(terms, sources, AnswerCandidates.IsCjk(question));
        candidates = await CompareAsync(question, candidates, cancellationToken);
        var topic = terms.TopicWords;
        // Without sources there is nothing to judge; without topic words, no topic to miss.
        var known = topic.Count == 0 || sources.Count == 0 ? null : await keywords.KnownWordsAsync(collectionId, topic, cancellationToken);
        var unknown = known is null ? [] : topic.Where(t => !known.Contains(t)).ToList();
        return new AnswerEvidence(terms, candidates, decision.Assess(terms, sources, candidates, legsAgree, unknown));
    }

    /// <summary>The candidates, those worth it with their similarity to the question; unchanged without an encoder
    /// for the question's script (its similarities would mean little).</summary>
    private async Task<List<AnswerCandidate>> CompareAsync(string question, List<AnswerCandidate> candidates, CancellationToken cancellationToken)
    {
        if (!semantic.TryGetIndex(out var index) || semantic.Status.Coverage.UncoveredScript(question) is not null) return candidates;
        var compared = AnswerCandidates.ToCompare(candidates);
        if (compared.Count == 0) return candidates;
        var similarities = await index.CompareAsync(question, [.. compared.Select(c => c.Text)], cancellationToken);
        var byCandidate = compared.Zip(similarities).ToDictionary(p => (object)p.First, p => (double)p.Second, ReferenceEqualityComparer.Instance);
        return [.. candidates.Select(c => byCandidate.TryGetValue(c, out var s) ? c with { Similarity = s } : c)];
    }
}
