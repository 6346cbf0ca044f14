using Rag.Core.Embedding;
using Rag.Core.Answering;
using Rag.Onnx.Embedding;
using Rag.Onnx.Models;

namespace Rag.Api.Endpoints;

/// <summary>GET /api/models: the loaded models' cards. GET /api/models/llm: the answer-writing LLM's status
/// (disabled, downloading with bytes and percent, loading, ready, or failed with the reason).</summary>
public static class ModelEndpoints
{
    /// <summary>The embedding model's state: "ready", "disabled" or "failed", with the reason when not ready.</summary>
    public sealed record EmbeddingInfo(string State, string Model, string? Reason);

    public sealed record ModelsResponse(IReadOnlyList<ModelCard> Models, EmbeddingInfo Embedding, LlmStatus Llm);

    public static void MapModelEndpoints(this IEndpointRouteBuilder app)
    {
        var models = app.MapGroup("/api/models").WithTags("Models");
        models.MapGet("", (EmbeddingModelProvider embeddingModel, LlmSlot llm) =>
        {
            var embedding = embeddingModel.Status;
            var cards = new List<ModelCard>();
            if (embeddingModel.Encoder is { } encoder) cards.Add(encoder.Card);
            return new ModelsResponse(cards, new EmbeddingInfo(embedding.State.ToString().ToLowerInvariant(), embedding.Model, embedding.Reason), llm.Status);
        });
        models.MapGet("/llm", (LlmSlot llm) => llm.Status);
    }
}
