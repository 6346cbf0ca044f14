using Rag.Core.Retrieval;

namespace Rag.Core.Answering;

/// <summary>Answers without an LLM from sources the <see cref="RelevanceDecision"/> judged relevant: ranks their
/// sentences by the encoder's similarity to the question (when one ran) and by how much of the question they cover,
/// passes over headings, adds a close runner-up or a sentence covering what the best one misses (a two-part
/// question), and keeps a sentence's neighbour when one continues the other ("It …", "However, …"). Every sentence is
/// cited with its source number.</summary>
public sealed class ExtractiveAnswerer
{
    public int MaxSentences { get; init; } = 3;

    /// <summary>How close a runner-up must score to the best sentence to join it.</summary>
    private const double RunnerUpMargin = 0.1;
    /// <summary>How much of the question a further sentence must cover that the answer does not yet.</summary>
    private const double NewCoverage = 0.25;
    private const double CoverageWeight = 0.3;

    private static readonly HashSet<string> ContinuationStarts = new(StringComparer.OrdinalIgnoreCase)
    {
        "it", "its", "this", "these", "those", "they", "their", "them", "he", "she", "his", "her", "such", "however",
        "but", "also", "therefore", "thus", "hence", "moreover", "furthermore", "instead", "consequently",
    };
    private static readonly string[] CjkContinuationStarts = ["它", "其", "他", "她", "这", "该", "但", "因此", "所以", "然而", "此外", "而"];

    public GroundedAnswer Answer(QuestionTerms question, IReadOnlyList<AnswerCandidate> candidates, IReadOnlyList<RetrievedChunk> sources)
    {
        var ranked = candidates.Where(c => !c.Heading && c.Coverage + (c.Similarity ?? 0) > 0)
            .Select(c => (Candidate: c, Score: Score(c, candidates)))
            .OrderByDescending(x => x.Score).ThenBy(x => x.Candidate.SourceIndex).ThenBy(x => x.Candidate.Order)
            .DistinctBy(x => x.Candidate.Text)
            .ToList();
        if (ranked.Count == 0) return GroundedAnswer.NotFoundInDocuments();

        var picked = new List<AnswerCandidate> { ranked[0].Candidate };
        var covered = new HashSet<string>(ranked[0].Candidate.Terms);
        foreach (var (candidate, score) in ranked.Skip(1))
        {
            if (picked.Count >= MaxSentences) break;
            var closeRunnerUp = score >= ranked[0].Score - RunnerUpMargin;
            var addsNew = question.Coverage(candidate.Terms.Except(covered).ToHashSet()) >= NewCoverage;
            if (!closeRunnerUp && !addsNew) continue;
            picked.Add(candidate);
            covered.UnionWith(candidate.Terms);
        }

        var answer = WithNeighbours(picked, candidates).OrderBy(c => c.SourceIndex).ThenBy(c => c.Order).ToList();
        var text = string.Join(" ", answer.Select(c => $"{c.Text} [{c.SourceIndex + 1}]"));
        var citations = answer
            .GroupBy(c => c.SourceIndex)
            .Select(g =>
            {
                var source = sources[g.Key];
                // The quote is one passage the viewer can find and mark: the source's best-ranked sentence.
                var best = g.MinBy(c => picked.IndexOf(c) is var rank and >= 0 ? rank : int.MaxValue)!;
                return new Citation(g.Key + 1, source.DocumentId, source.FileName, source.Page, best.Text);
            })
            .ToList();
        return new GroundedAnswer(text, true, citations);
    }

    /// <summary>By meaning when the encoder compared the sentence (sentences it did not compare rank below those it
    /// did), by coverage of the question, and a little by the source's rank.</summary>
    private static double Score(AnswerCandidate candidate, IReadOnlyList<AnswerCandidate> all)
    {
        var rank = 0.01 / (1 + candidate.SourceIndex);
        if (!all.Any(c => c.Similarity is not null)) return candidate.Coverage + rank;
        return (candidate.Similarity ?? -1) + CoverageWeight * candidate.Coverage + rank;
    }

    /// <summary>A picked sentence that refers back brings the sentence before it; one continued by the next brings that one.</summary>
    private static IEnumerable<AnswerCandidate> WithNeighbours(List<AnswerCandidate> picked, IReadOnlyList<AnswerCandidate> all)
    {
        var result = new List<AnswerCandidate>(picked);
        foreach (var sentence in picked)
        {
            if (Continues(sentence.Text) && Neighbour(all, sentence, -1) is { } before) result.Add(before);
            if (Neighbour(all, sentence, +1) is { } after && Continues(after.Text)) result.Add(after);
        }
        return result.Distinct();
    }

    private static AnswerCandidate? Neighbour(IReadOnlyList<AnswerCandidate> all, AnswerCandidate sentence, int step) =>
        all.FirstOrDefault(c => c.SourceIndex == sentence.SourceIndex && c.Order == sentence.Order + step && !c.Heading);

    private static bool Continues(string sentence)
    {
        if (CjkContinuationStarts.Any(sentence.StartsWith)) return true;
        var first = new string(sentence.TakeWhile(char.IsLetter).ToArray());
        return ContinuationStarts.Contains(first);
    }
}
