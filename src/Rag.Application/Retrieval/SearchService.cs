using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Rag.Contracts;
using Rag.Core.Access;
using Rag.Core.Domain;
using Rag.Core.Errors;
using Rag.Core.Retrieval;
using Rag.Infrastructure.Diagnostics;
using Rag.Infrastructure.Storage;
using Rag.Infrastructure.Vectors;

namespace Rag.Application.Retrieval;

public sealed record SearchRequest(string Collection, string Query, int Top = 10, SearchMode? Mode = null, Guid? DocumentId = null);

/// <summary>The chunks found, best first, and how they were found.</summary>
/// <param name="LegsAgree">Whether the keyword and vector legs ranked the same passage first; null unless both ran here.</param>
/// <param name="CollectionId">The searched collection.</param>
public sealed record SearchResult(IReadOnlyList<RetrievedChunk> Chunks, RetrievalReport Retrieval, bool? LegsAgree = null, Guid CollectionId = default);

/// <summary>Finds the best chunks of one collection for a query — by keywords (BM25), by meaning (vectors) or both
/// fused (convex combination of normalised scores, or weighted reciprocal rank fusion: Rag:Query:Fusion) — and returns them with document name, page and span. Hybrid search runs
/// the vector leg only where it can help: with an embedding model that covers the query's script, on a collection
/// embedded with that model; otherwise keywords alone, and the report says why. A collection the caller may not read
/// is "not found", so nothing of it (chunks, scores, counts) reaches the caller.</summary>
public sealed class SearchService(RagDbContext db, ICallerAccess caller, IKeywordIndex keywordIndex, RagMetrics metrics,
    SemanticSearch semantic, QueryOptions options)
{
    public const int MaxTop = 1000;

    /// <summary>Each retriever contributes at least this many candidates to the fusion, however small top is.</summary>
    public const int MinimumFusionDepth = 50;

    public SearchMode DefaultMode => semantic.TryGetIndex(out _) ? SearchMode.Hybrid : SearchMode.Keyword;

    /// <summary>Runs under a "retrieve" span (the search, or the retrieval step of an ask) and records its duration.</summary>
    public async Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var mode = request.Mode ?? DefaultMode;
        using var span = RagTelemetry.Source.StartActivity("retrieve");
        span?.SetTag(RagTelemetry.Collection, request.Collection).SetTag(RagTelemetry.SearchMode, ModeName(mode)).SetTag(RagTelemetry.Top, request.Top);
        try
        {
            var results = await RetrieveAsync(request, mode, cancellationToken);
            span?.SetTag(RagTelemetry.Hits, results.Chunks.Count).SetTag(RagTelemetry.SearchLegs, string.Join(",", results.Retrieval.Legs));
            metrics.SearchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                new(RagTelemetry.Collection, request.Collection), new(RagTelemetry.SearchMode, ModeName(mode)));
            return results;
        }
        catch (Exception e)
        {
            span.Fail(e);
            throw;
        }
    }

    private static string ModeName(SearchMode mode) => mode.ToString().ToLowerInvariant();

    private async Task<SearchResult> RetrieveAsync(SearchRequest request, SearchMode mode, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Query))
            throw new RequestRejectedException(RejectionReason.Invalid, "Empty query", "The query is empty.");
        if (request.Top is < 1 or > MaxTop)
            throw new RequestRejectedException(RejectionReason.Invalid, "Bad top", $"'top' must be between 1 and {MaxTop}.");

        var collection = await db.Collections.AsNoTracking().SingleOrDefaultAsync(c => c.Name == request.Collection, cancellationToken)
            ?? throw RequestRejectedException.CollectionNotFound(request.Collection);
        caller.Current.EnsureCanRead(collection);
        var (report, index) = Plan(request, mode, collection);
        var (hits, legsAgree) = report.Legs switch
        {
            [RetrievalReport.KeywordLeg] => (await keywordIndex.SearchAsync(collection.Id, request.Query, request.Top, request.DocumentId, cancellationToken), null),
            [RetrievalReport.VectorLeg] => (await index!.SearchAsync(collection.Id, request.Query, request.Top, request.DocumentId, cancellationToken), null),
            _ => await HybridAsync(index!, collection, request, cancellationToken),
        };
        return new SearchResult(await HydrateAsync(hits, cancellationToken), report, legsAgree, collection.Id);
    }

    /// <summary>Which legs run for this query, and why a leg is left out; with the semantic index when a vector leg runs.</summary>
    private (RetrievalReport Report, SemanticIndex? Index) Plan(SearchRequest request, SearchMode mode, Collection collection)
    {
        var name = ModeName(mode);
        var status = semantic.Status;
        if (mode == SearchMode.Keyword)
            return (new RetrievalReport(name, [RetrievalReport.KeywordLeg], request.Mode is null ? status.Reason : null), null);
        var index = Semantic(collection, failIfStale: mode == SearchMode.Vector);
        var uncovered = status.Coverage.UncoveredScript(request.Query);
        var coverageNote = uncovered is null ? null
            : $"The embedding model {status.Model} covers {string.Join(", ", status.Coverage.Languages)}; the query is written in {uncovered} script";
        if (mode == SearchMode.Vector)
            return (new RetrievalReport(name, [RetrievalReport.VectorLeg], coverageNote is null ? null : coverageNote + ", so vector results may be poor."), index);
        if (index is null)
            return (new RetrievalReport(name, [RetrievalReport.KeywordLeg],
                $"Collection '{collection.Name}' is being embedded with the current model; until that finishes only keyword retrieval runs."), null);
        if (coverageNote is not null)
            return (new RetrievalReport(name, [RetrievalReport.KeywordLeg], coverageNote + ", so only keyword retrieval ran."), null);
        return (new RetrievalReport(name, [RetrievalReport.KeywordLeg, RetrievalReport.VectorLeg]), index);
    }

    /// <summary>The fused hits, and whether the two legs ranked the same passage first (unknown when the index fuses).</summary>
    private async Task<(IReadOnlyList<ChunkHit> Hits, bool? LegsAgree)> HybridAsync(SemanticIndex index, Collection collection, SearchRequest request, CancellationToken cancellationToken)
    {
        var depth = Math.Max(request.Top, MinimumFusionDepth);
        if (index.FusesHybrid)
            return (await index.HybridSearchAsync(collection.Id, request.Query, request.Top, depth, request.DocumentId, cancellationToken), null);
        var vectorSearch = index.SearchAsync(collection.Id, request.Query, depth, request.DocumentId, cancellationToken);
        var keywordSearch = keywordIndex.SearchAsync(collection.Id, request.Query, depth, request.DocumentId, cancellationToken);
        var (keyword, vector) = (await keywordSearch, await vectorSearch);
        bool? agree = keyword.Count > 0 && vector.Count > 0 ? keyword[0].ChunkId == vector[0].ChunkId : null;
        var fused = options.Fusion == HybridFusion.Convex
            ? ConvexFusion.Fuse(keyword, vector, options.VectorShare, request.Top)
            : ReciprocalRankFusion.Fuse([(keyword, 1f), (vector, options.VectorWeight)], request.Top);
        return (fused, agree);
    }

    /// <summary>The semantic index, if it holds this collection's vectors (null while the collection is being
    /// re-embedded, or an error when <paramref name="failIfStale"/>); never answers from another model's vectors.</summary>
    private SemanticIndex? Semantic(Collection collection, bool failIfStale)
    {
        if (!semantic.TryGetIndex(out var index))
            throw new RequestRejectedException(RejectionReason.Invalid, "Mode unavailable",
                $"Vector and hybrid search need an embedding model. {semantic.Status.Reason} Use mode 'keyword'.");
        if (collection.EmbeddingFingerprint is not { } built || built == index.Fingerprint) return index;
        if (!failIfStale) return null;
        throw new RequestRejectedException(RejectionReason.Conflict, "Collection embedded with another model",
            $"Collection '{collection.Name}' was embedded with model {built}, but the service now runs model {index.Fingerprint}. " +
            "It is being re-embedded in the background; until that finishes use mode 'keyword'.");
    }

    /// <summary>Loads the hits' chunks with their documents, in rank order. Hits without a stored chunk
    /// (a document deleted a moment ago) are dropped, so the database decides what exists.</summary>
    private async Task<IReadOnlyList<RetrievedChunk>> HydrateAsync(IReadOnlyList<ChunkHit> hits, CancellationToken cancellationToken)
    {
        var ids = hits.Select(h => h.ChunkId).ToList();
        var rows = await db.Chunks.AsNoTracking()
            .Where(c => ids.Contains(c.Id))
            .Join(db.Documents, c => c.DocumentId, d => d.Id, (c, d) => new { Chunk = c, d.FileName })
            .ToDictionaryAsync(x => x.Chunk.Id, cancellationToken);
        return hits
            .Where(h => rows.ContainsKey(h.ChunkId))
            .Select(h =>
            {
                var row = rows[h.ChunkId];
                var c = row.Chunk;
                return new RetrievedChunk(c.Id, c.DocumentId, row.FileName, c.Page, c.Start, c.End, c.Text, h.Score);
            })
            .ToList();
    }
}
