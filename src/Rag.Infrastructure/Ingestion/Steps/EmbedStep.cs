using Rag.Core.Domain;
using Rag.Core.Ingestion;
using Rag.Infrastructure.Vectors;

namespace Rag.Infrastructure.Ingestion.Steps;

/// <summary>Embeds the chunks into the vector index, replacing the document's earlier vectors. Skipped when semantic
/// search is off.</summary>
public sealed class EmbedStep(SemanticSearch semantic) : IIngestionStep
{
    public string Name => "embed";

    public bool AppliesTo(IngestionContext context) => semantic.TryGetIndex(out _);

    public async Task RunAsync(IngestionContext context, CancellationToken cancellationToken)
    {
        if (!semantic.TryGetIndex(out var index)) return;
        var chunks = context.RequireChunks();
        var document = context.Document;
        await context.Progress.StageAsync(IngestionStage.Embedding, chunks.Count, cancellationToken);
        await index.ReplaceDocumentAsync(document.CollectionId, document.Id, chunks, context.Progress.Reporter(cancellationToken), cancellationToken);
    }
}
