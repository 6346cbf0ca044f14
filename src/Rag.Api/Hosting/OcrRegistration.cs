using Rag.Core.Ocr;
using Rag.Infrastructure.Ocr;
using Rag.Onnx.Ocr;

namespace Rag.Api.Hosting;

/// <summary>OCR for pages without text (Rag:Ocr): PaddleOCR on ONNX Runtime by default, Tesseract's CLI as an option,
/// or none. The engine loads on the first page it reads; the PaddleOCR model files are checked when the service starts.</summary>
public static class OcrRegistration
{
    public static IServiceCollection AddOcr(this IServiceCollection services, IConfiguration configuration)
    {
        var options = services.AddSettings<OcrOptions>(configuration, "Rag:Ocr");
        if (options.Engine == "none") return services;
        if (options.Engine == "paddle") services.AddHostedService<PaddleModelCheck>();
        return services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<OcrOptions>();
            var engine = new Lazy<IOcrEngine>(() => settings.Engine == "tesseract"
                ? new TesseractEngine(settings.TesseractLanguages)
                : new PaddleOcrEngine(new PaddleOcrSettings(PaddleOcrModels.BundledFolder, settings.ExecutionProvider,
                    IntraOpThreads: settings.IntraOpThreads), sp.GetRequiredService<ILogger<PaddleOcrEngine>>()));
            // PaddleOCR spreads one page over every core; Tesseract reads one page per core.
            return new OcrPageReader(engine, settings, settings.Engine == "tesseract" ? Environment.ProcessorCount : 1);
        });
    }

    /// <summary>A damaged or missing model does not stop the service: the log says so at start, and documents that
    /// need OCR fail with the same reason.</summary>
    private sealed class PaddleModelCheck(ILogger<PaddleModelCheck> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            try
            {
                PaddleOcrModels.Verify(PaddleOcrModels.BundledFolder);
            }
            catch (InvalidDataException e)
            {
                logger.LogError("OCR will fail: {Reason}", e.Message);
            }
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
