using Rag.Core.Ocr;

namespace Rag.Onnx.Ocr;

/// <summary>PP-OCR's text direction classifier: tells lines that are upside down (a page scanned the wrong way up).</summary>
internal sealed class DirectionClassifier(OcrNetwork network)
{
    private const int Height = 48;
    private const int Width = 192;
    private const float Threshold = 0.9f;

    public bool[] IsUpsideDown(OcrImage image, IReadOnlyList<TextBox> boxes, CancellationToken cancellationToken)
    {
        var result = new bool[boxes.Count];
        const int plane = Height * Width;
        foreach (var batch in Enumerable.Range(0, boxes.Count).Chunk(32))
        {
            var input = new float[batch.Length * 3 * plane];
            for (var b = 0; b < batch.Length; b++)
            {
                var box = boxes[batch[b]];
                var width = Math.Clamp((int)MathF.Ceiling(Height * box.Width / Math.Max(1, box.Height)), 1, Width);
                ImageSampler.Sample(image, box.TopLeft, box.TopRight - box.TopLeft, box.BottomLeft - box.TopLeft,
                    width, Height, input.AsSpan(b * 3 * plane), Width, plane, ChannelNorm.Symmetric);
            }
            var (output, _) = network.Run(input, [batch.Length, 3, Height, Width], cancellationToken);
            for (var b = 0; b < batch.Length; b++)
                result[batch[b]] = output[2 * b + 1] > output[2 * b] && output[2 * b + 1] >= Threshold;
        }
        return result;
    }
}
