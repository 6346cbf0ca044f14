using Microsoft.Extensions.Logging;
using Rag.Core.Ocr;
using Rag.Onnx.Runtime;

namespace Rag.Onnx.Ocr;

/// <param name="ModelFolder">Folder holding <see cref="PaddleOcrModels"/>' files.</param>
/// <param name="DetectionMaxSide">Pages are shrunk to at most this many pixels on their longer side for detection
/// (recognition reads the lines at full resolution).</param>
public sealed record PaddleOcrSettings(string ModelFolder, string ExecutionProvider = "cpu", int DeviceId = 0,
    int IntraOpThreads = 0, int DetectionMaxSide = 1600);

/// <summary>PaddleOCR PP-OCRv4 on ONNX Runtime: detect text lines, read them along their length on a page scanned
/// sideways, turn upside-down ones, recognise each (Chinese and English, 6,623 characters), then order them into
/// lines of text.</summary>
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
        var sideways = IsSideways(boxes);
        var (readable, texts, turned) = sideways ? ReadSideways(image, boxes, cancellationToken) : ReadUpright(image, boxes, cancellationToken);
        // Order the lines in the page's own frame (the scan turned back upright), top to bottom, left to right.
        Func<Point2, Point2> upright = (sideways, turned) switch
        {
            (false, false) => p => p,
            (false, true) => p => new Point2(-p.X, -p.Y),
            (true, false) => p => new Point2(p.Y, -p.X),
            (true, true) => p => new Point2(-p.Y, p.X),
        };
        return OcrLines.Join(readable.Select((box, i) => (box.Mapped(upright), texts[i])));
    }

    private (List<TextBox> Boxes, string?[] Texts, bool Turned) ReadUpright(OcrImage image, List<TextBox> boxes, CancellationToken cancellationToken)
    {
        var upsideDown = _classifier.IsUpsideDown(image, boxes, cancellationToken);
        // A page is scanned the wrong way up as a whole; the classifier alone misjudges some long lines.
        var turned = upsideDown.Count(u => u) * 2 > boxes.Count;
        var readable = turned ? boxes.Select(box => box.Turned()).ToList() : boxes;
        return (readable, _recognizer.Recognize(image, readable, cancellationToken), turned);
    }

    /// <summary>How many of a sideways page's longest lines are read both ways to tell which way up it is.</summary>
    private const int SidewaysSample = 6;

    /// <summary>A page a quarter turned is read along its lines: its longest lines both ways, and the way that yields
    /// more text wins (the direction classifier misjudges most of such a page's lines, while the recogniser reads text
    /// the wrong way up as nothing, too unsure); the other lines are then read that way only.</summary>
    private (List<TextBox> Boxes, string?[] Texts, bool Turned) ReadSideways(OcrImage image, List<TextBox> boxes, CancellationToken cancellationToken)
    {
        var down = boxes.Select(box => box.Sideways()).ToList();
        var sample = Enumerable.Range(0, down.Count).OrderByDescending(i => down[i].Width).Take(SidewaysSample).ToList();
        var sampleDown = _recognizer.Recognize(image, [.. sample.Select(i => down[i])], cancellationToken);
        var sampleUp = _recognizer.Recognize(image, [.. sample.Select(i => down[i].Turned())], cancellationToken);
        static int Read(string?[] texts) => texts.Sum(t => t?.Length ?? 0);
        var turned = Read(sampleUp) > Read(sampleDown);

        var readable = turned ? down.Select(box => box.Turned()).ToList() : down;
        var texts = new string?[readable.Count];
        for (var k = 0; k < sample.Count; k++) texts[sample[k]] = turned ? sampleUp[k] : sampleDown[k];
        var rest = Enumerable.Range(0, readable.Count).Except(sample).ToList();
        var restTexts = _recognizer.Recognize(image, [.. rest.Select(i => readable[i])], cancellationToken);
        for (var k = 0; k < rest.Count; k++) texts[rest[k]] = restTexts[k];
        return (readable, texts, turned);
    }

    /// <summary>Whether the page was scanned a quarter turned: most lines long enough to have a direction run down
    /// the image rather than across it.</summary>
    private static bool IsSideways(IReadOnlyList<TextBox> boxes)
    {
        const float Elongated = 2;
        var down = boxes.Count(box => box.Height > Elongated * box.Width);
        var across = boxes.Count(box => box.Width > Elongated * box.Height);
        return down > across;
    }

    public void Dispose()
    {
        _detection.Dispose();
        _direction.Dispose();
        _recognition.Dispose();
    }
}
