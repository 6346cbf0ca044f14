using Microsoft.Extensions.Logging;
using Rag.Core.Ocr;
using Rag.Onnx.Runtime;

namespace Rag.Onnx.Ocr;

/// <param name="ModelFolder">Folder holding <see cref="PaddleOcrModels"/>' files.</param>
/// <param name="DetectionMaxSide">Pages are shrunk to at most this many pixels on their longer side for detection
/// (recognition reads the lines at full resolution).</param>
public sealed record PaddleOcrSettings(string ModelFolder, string ExecutionProvider = "cpu", int DeviceId = 0,
    int IntraOpThreads = 0, int DetectionMaxSide = 1600);

/// <summary>PaddleOCR PP-OCRv4 on ONNX Runtime: detect text lines, turn upside-down ones, recognise each
/// (Chinese and English, 6,623 characters), then order them into lines of text.</summary>
public sealed class PaddleOcrEngine : IOcrEngine, IDisposable
{
    private readonly OcrNetwork _detection;
    private readonly OcrNetwork _direction;
    private readonly OcrNetwork _recognition;
    private readonly TextDetector _detector;
    private readonly DirectionClassifier _classifier;
    private readonly TextRecognizer _recognizer;

    public PaddleOcrEngine(PaddleOcrSettings settings, ILogger logger)
    {
        PaddleOcrModels.Verify(settings.ModelFolder);
        OcrNetwork Open(string file) => new(OnnxSessionFactory.Create(Path.Combine(settings.ModelFolder, file),
            settings.ExecutionProvider, settings.DeviceId, settings.IntraOpThreads, logger));
        _detection = Open(PaddleOcrModels.Detection);
        _direction = Open(PaddleOcrModels.Direction);
        _recognition = Open(PaddleOcrModels.Recognition);
        _detector = new TextDetector(_detection, settings.DetectionMaxSide);
        _classifier = new DirectionClassifier(_direction);
        _recognizer = new TextRecognizer(_recognition, PaddleOcrModels.ReadCharacters(settings.ModelFolder));
    }

    public string Name => "paddle";

    /// <summary>"cpu" or "cuda": where the networks actually run.</summary>
    public string ExecutionProvider => _recognition.ExecutionProvider;

    public Task<string> ReadAsync(OcrImage image, CancellationToken cancellationToken) =>
        Task.Run(() => Read(image, cancellationToken), cancellationToken);

    private string Read(OcrImage image, CancellationToken cancellationToken)
    {
        var boxes = _detector.Detect(image, cancellationToken);
        var upsideDown = _classifier.IsUpsideDown(image, boxes, cancellationToken);
        // A page is scanned the wrong way up as a whole; the classifier alone misjudges some long lines.
        var turned = upsideDown.Count(u => u) * 2 > boxes.Count;
        var readable = turned ? boxes.Select(box => box.Turned()).ToList() : boxes;
        var texts = _recognizer.Recognize(image, readable, cancellationToken);
        // Read a turned page in its own frame (a point reflection), so its lines order top to bottom, left to right.
        return OcrLines.Join(readable.Select((box, i) => (turned ? box.Scaled(-1, -1) : box, texts[i])));
    }

    public void Dispose()
    {
        _detection.Dispose();
        _direction.Dispose();
        _recognition.Dispose();
    }
}
