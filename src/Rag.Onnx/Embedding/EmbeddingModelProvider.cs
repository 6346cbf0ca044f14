using Microsoft.Extensions.Logging;
using Rag.Core.Embedding;
using Rag.Core.Retrieval;
using Rag.Onnx.Embedding.Bundled;

namespace Rag.Onnx.Embedding;

/// <summary>Loads the encoder that Rag:Embedding chooses — a bundled model (unpacked on first use), a model folder, or
/// none — once, on first use. A model that cannot be loaded does not stop the service: its status says why, the log
/// says so, and retrieval runs on keywords alone.</summary>
public sealed class EmbeddingModelProvider : IDisposable
{
    public const string NoModel = "none";

    private readonly Lazy<(OnnxSentenceEncoder? Encoder, EmbeddingModelStatus Status)> _loaded;

    public EmbeddingModelProvider(EncoderOptions options, string modelsRoot, ILogger<EmbeddingModelProvider> logger) =>
        _loaded = new(() => Load(options, modelsRoot, logger));

    /// <summary>Null when no model runs (switched off, or failed to load).</summary>
    public OnnxSentenceEncoder? Encoder => _loaded.Value.Encoder;

    public EmbeddingModelStatus Status => _loaded.Value.Status;

    /// <summary>The model the settings name: Rag:Embedding:ModelPath when set, else Rag:Embedding:Model, else the
    /// bundled default.</summary>
    public static string Chosen(EncoderOptions options) =>
        !string.IsNullOrWhiteSpace(options.ModelPath) ? options.ModelPath
        : string.IsNullOrWhiteSpace(options.Model) ? BundledEncoder.Default.Setting
        : options.Model.Trim();

    private static (OnnxSentenceEncoder?, EmbeddingModelStatus) Load(EncoderOptions options, string modelsRoot, ILogger logger)
    {
        var chosen = Chosen(options);
        if (chosen.Equals(NoModel, StringComparison.OrdinalIgnoreCase))
        {
            logger.LogInformation("No embedding model (Rag:Embedding:Model is '{Model}'): retrieval uses keywords only", NoModel);
            return (null, EmbeddingModelStatus.Disabled("No embedding model is configured (Rag:Embedding:Model is 'none')."));
        }
        try
        {
            var folder = BundledEncoder.Find(chosen) is { } bundled && string.IsNullOrWhiteSpace(options.ModelPath)
                ? BundledEncoderInstaller.Ensure(bundled, modelsRoot, logger)
                : chosen;
            var encoder = OnnxSentenceEncoder.Load(options with { ModelPath = folder }, logger);
            logger.LogInformation("Embedding with {Model} ({Source}, {Dimensions} dimensions, languages {Languages}, {Provider})",
                encoder.Card.Name, encoder.Card.Source, encoder.Dimensions, string.Join(", ", encoder.Card.Languages), encoder.ExecutionProvider);
            return (encoder, new EmbeddingModelStatus(EmbeddingModelState.Ready, encoder.Card.Name, null, LanguageCoverage.For(encoder.Card.Languages)));
        }
        catch (Exception e) when (e is not OutOfMemoryException) // whatever breaks a model must not break the service
        {
            var reason = $"The embedding model '{chosen}' could not be loaded: {e.Message}";
            logger.LogError(e, "{Reason} Retrieval falls back to keywords only", reason);
            return (null, new EmbeddingModelStatus(EmbeddingModelState.Failed, chosen, reason, LanguageCoverage.Everything));
        }
    }

    public void Dispose()
    {
        if (_loaded.IsValueCreated) _loaded.Value.Encoder?.Dispose();
    }
}
