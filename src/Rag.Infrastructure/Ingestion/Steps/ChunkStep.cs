using Rag.Core.Chunking;
using Rag.Core.Domain;
using Rag.Core.Ingestion;

namespace Rag.Infrastructure.Ingestion.Steps;

/// <summary>Splits the extracted pages into chunks. Chunk ids are derived from the document and the chunk's ordinal,
/// so a re-run after a crash replaces the same chunks instead of adding new ones.</summary>
public sealed class ChunkStep(TextChunker chunker) : IIngestionStep
{
    public string Name => "chunk";

    public async Task RunAsync(IngestionContext context, CancellationToken cancellationToken)
    {
        var extracted = context.RequireExtracted();
        var document = context.Document;
        await context.Progress.StageAsync(IngestionStage.Chunking, extracted.Pages.Count, cancellationToken);
        context.Chunks = chunker.Chunk(extracted)
            .Select((draft, i) => new Chunk
            {
                Id = Chunk.DeterministicId(document.Id, i),
                DocumentId = document.Id,
                CollectionId = document.CollectionId,
                Ordinal = i,
                Page = draft.Page,
                Start = draft.Start,
                End = draft.End,
                Text = draft.Text,
                Heading = draft.Heading,
            })
            .ToList();
    }
}
