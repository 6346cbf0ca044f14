using Rag.Contracts;
using Rag.Core.Answering;
using Rag.Core.Retrieval;
using Rag.Onnx.Models;

namespace Rag.Api.Endpoints;

/// <summary>The domain's records as the API's data shapes (Rag.Contracts).</summary>
public static class ContractMapping
{
    public static RetrievalInfo ToContract(this RetrievalReport report) => new(report.Mode, report.Legs, report.Reason);

    public static RelevanceInfo ToContract(this Relevance r) =>
        new(r.Score, r.Threshold, r.Similarity, r.TermCoverage, r.SentenceCoverage, r.MissingTerms, r.UnmatchedNegation,
            r.AnswerTypeMissing, r.NamesOutsideSentence, r.SimilarityMargin, r.LegsAgree, r.UnknownTerms ?? []);

    public static ModelCardInfo ToContract(this ModelCard c) =>
        new(c.Name, c.Kind, c.Architecture, c.Layers, c.HiddenSize, c.AttentionHeads, c.ParameterCount, c.Dimensions, c.MaxSequenceLength,
            c.Pooling, c.Quantization, c.ExecutionProvider, c.License, c.Fingerprint, c.Source, c.Languages);

    public static LlmStatusInfo ToContract(this LlmStatus s) =>
        new(s.State, s.Provider, s.Model, s.Reason, s.BytesDone, s.BytesTotal, s.Percent, s.ExtractiveReason);
}
