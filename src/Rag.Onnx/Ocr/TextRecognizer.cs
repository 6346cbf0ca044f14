using Rag.Core.Ocr;

namespace Rag.Onnx.Ocr;

/// <summary>PP-OCR's CRNN/SVTR recogniser: each line sampled to 48 pixels high, batched by width, decoded with
/// greedy CTC over the model's dictionary (index 0 is the CTC blank; the last class is a space).</summary>
internal sealed class TextRecognizer(OcrNetwork network, IReadOnlyList<string> characters)
{
    private const int Height = 48;
    private const int MinWidth = 320;
    private const int MaxWidth = 3200;
    private const int BatchSize = 8;
    private const float MinConfidence = 0.5f;

    public string?[] Recognize(OcrImage image, IReadOnlyList<TextBox> boxes, CancellationToken cancellationToken)
    {
        var texts = new string?[boxes.Count];
        var order = Enumerable.Range(0, boxes.Count).OrderBy(i => boxes[i].Width / Math.Max(1, boxes[i].Height)).ToList();
        foreach (var batch in order.Chunk(BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var widths = batch.Select(i => LineWidth(boxes[i])).ToArray();
            var width = Math.Max(MinWidth, widths.Max());
            var plane = Height * width;
            var input = new float[batch.Length * 3 * plane]; // zero = mid grey padding, as PaddleOCR pads
            for (var b = 0; b < batch.Length; b++)
            {
                var box = boxes[batch[b]];
                ImageSampler.Sample(image, box.TopLeft, box.TopRight - box.TopLeft, box.BottomLeft - box.TopLeft,
                    widths[b], Height, input.AsSpan(b * 3 * plane), width, plane, ChannelNorm.Symmetric);
            }
            var (output, shape) = network.Run(input, [batch.Length, 3, Height, width], cancellationToken);
            int steps = (int)shape[1], classes = (int)shape[2];
            for (var b = 0; b < batch.Length; b++)
                texts[batch[b]] = Decode(output.AsSpan(b * steps * classes, steps * classes), steps, classes);
        }
        return texts;
    }

    private static int LineWidth(TextBox box) =>
        Math.Clamp((int)MathF.Ceiling(Height * box.Width / Math.Max(1, box.Height)), 1, MaxWidth);

    private string? Decode(ReadOnlySpan<float> probabilities, int steps, int classes)
    {
        var text = new System.Text.StringBuilder();
        var previous = 0;
        double confidence = 0;
        var count = 0;
        for (var t = 0; t < steps; t++)
        {
            var row = probabilities.Slice(t * classes, classes);
            var best = 0;
            for (var c = 1; c < classes; c++)
                if (row[c] > row[best]) best = c;
            if (best != 0 && best != previous && best <= characters.Count)
            {
                text.Append(characters[best - 1]);
                confidence += row[best];
                count++;
            }
            previous = best;
        }
        return count > 0 && confidence / count >= MinConfidence ? text.ToString().Trim() : null;
    }
}
