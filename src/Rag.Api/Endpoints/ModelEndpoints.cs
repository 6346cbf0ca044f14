using Rag.Contracts;
using Rag.Core.Answering;
using Rag.Onnx.Embedding;

namespace Rag.Api.Endpoints;

/// <summary>GET /api/models: the loaded models' cards. GET /api/models/llm: the answer-writing LLM's status
/// (disabled, downloading with bytes and percent, loading, ready, or failed with the reason).</summary>
public static class ModelEndpoints
{
    public static void MapModelEndpoints(this IEndpointRouteBuilder app)
    {
        var models = app.MapGroup("/api/models").WithTags("Models");
        models.MapGet("", (EmbeddingModelProvider embeddingModel, LlmSlot llm) =>
        {
            var embedding = embeddingModel.Status;
            var cards = new List<ModelCardInfo>();
            if (embeddingModel.Encoder is { } encoder) cards.Add(encoder.Card.ToContract());
            return new ModelsResponse(cards, new EmbeddingInfo(embedding.State.ToString().ToLowerInvariant(), embedding.Model, embedding.Reason),
                llm.Status.ToContract());
        });
        models.MapGet("/llm", (LlmSlot llm) => llm.Status.ToContract());
    }
}
