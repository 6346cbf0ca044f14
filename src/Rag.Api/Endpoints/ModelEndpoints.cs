using Rag.Onnx.Embedding;
using Rag.Onnx.Models;

namespace Rag.Api.Endpoints;

public static class ModelEndpoints
{
    public static void MapModelEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/models", (IServiceProvider services) =>
        {
            var cards = new List<ModelCard>();
            if (services.GetService<OnnxSentenceEncoder>() is { } encoder) cards.Add(encoder.Card);
            return cards;
        }).WithTags("Models");
}
