using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Rag.Infrastructure.Storage;
using Rag.Infrastructure.Vectors;

namespace Rag.Api.Hosting;

/// <summary>Once per start, in the background once start-up is done: drops the stored vectors of sentences no chunk
/// holds any more (deleted or re-ingested documents), when the store has grown enough since it was last compacted
/// (<see cref="SentenceVectorStore.CompactionDue"/>). A document being ingested meanwhile may lose a vector or two;
/// asks embed such sentences again when they need them.</summary>
public sealed class SentenceVectorCompaction(IServiceProvider services, ILogger<SentenceVectorCompaction> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // off the start-up path: the encoder may still be loading
        if (!services.GetRequiredService<SemanticSearch>().TryGetIndex(out var index)) return;
        try
        {
            await using var scope = services.CreateAsyncScope();
            var chunks = scope.ServiceProvider.GetRequiredService<RagDbContext>().Chunks.AsNoTracking().Select(c => c.Text).AsAsyncEnumerable();
            var clock = Stopwatch.StartNew();
            if (await index.CompactSentenceVectorsAsync(chunks, stoppingToken) is { } dropped)
                logger.LogInformation("Sentence vectors compacted: {Dropped} vectors of sentences no document holds dropped in {Seconds:0.0} s",
                    dropped, clock.Elapsed.TotalSeconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Compacting the sentence vectors failed; they stay as they are");
        }
    }
}
