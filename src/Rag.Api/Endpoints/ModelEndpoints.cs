using Rag.Core.Embedding;
using Rag.Onnx.Embedding;
using Rag.Onnx.Models;

namespace Rag.Api.Endpoints;

public static class ModelEndpoints
{
    /// <summary>The embedding model's state: "ready", "disabled" or "failed", with the reason when not ready.</summary>
    public sealed record EmbeddingInfo(string State, string Model, string? Reason);

    public sealed record ModelsResponse(IReadOnlyList<ModelCard> Models, EmbeddingInfo Embedding);

    public static void MapModelEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/models", (EmbeddingModelStatus embedding, IServiceProvider services) =>
        {
            var cards = new List<ModelCard>();
            if (services.GetService<OnnxSentenceEncoder>() is { } encoder) cards.Add(encoder.Card);
            return new ModelsResponse(cards, new EmbeddingInfo(embedding.State.ToString().ToLowerInvariant(), embedding.Model, embedding.Reason));
        }).WithTags("Models");
}
