using Rag.Core.Answering;
using Rag.Onnx.Embedding;
using Rag.Onnx.Models;

namespace Rag.Api.Endpoints;

/// <summary>GET /api/models: the loaded models' cards. GET /api/models/llm: the answer-writing LLM's status
/// (disabled, downloading with bytes and percent, loading, ready, or failed with the reason).</summary>
public static class ModelEndpoints
{
    public static void MapModelEndpoints(this IEndpointRouteBuilder app)
    {
        var models = app.MapGroup("/api/models").WithTags("Models");
        models.MapGet("", (IServiceProvider services) =>
        {
            var cards = new List<ModelCard>();
            if (services.GetService<OnnxSentenceEncoder>() is { } encoder) cards.Add(encoder.Card);
            return cards;
        });
        models.MapGet("/llm", (LlmSlot llm) => llm.Status);
    }
}
