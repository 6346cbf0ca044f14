using Rag.Core.Ocr;

namespace Rag.Onnx.Ocr;

/// <summary>PP-OCR's DB text detector: a probability map of "text here" per pixel, thresholded into connected regions,
/// each boxed by its minimum-area rectangle and grown (the network predicts shrunk regions), as PaddleOCR's
/// DBPostProcess does with its defaults (thresh 0.3, box_thresh 0.6, unclip_ratio 1.5).</summary>
internal sealed class TextDetector(OcrNetwork network, int maxSide)
{
    private const float PixelThreshold = 0.3f;
    private const float BoxThreshold = 0.6f;
    private const float UnclipRatio = 1.5f;
    private const int MinSide = 3;
    private const int MaxBoxes = 1000;

    public List<TextBox> Detect(OcrImage image, CancellationToken cancellationToken)
    {
        var scale = MathF.Min(1f, (float)maxSide / Math.Max(image.Width, image.Height));
        var width = Math.Max(32, (int)MathF.Round(image.Width * scale / 32) * 32);
        var height = Math.Max(32, (int)MathF.Round(image.Height * scale / 32) * 32);
        var input = new float[3 * width * height];
        ImageSampler.Sample(image, new Point2(0, 0), new Point2(image.Width, 0), new Point2(0, image.Height),
            width, height, input, width, width * height, ChannelNorm.ImageNet);
        var (map, _) = network.Run(input, [1, 3, height, width], cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        return Boxes(map, width, height)
            .Select(b => b.Scaled((float)image.Width / width, (float)image.Height / height))
            .ToList();
    }

    private static IEnumerable<TextBox> Boxes(float[] map, int width, int height)
    {
        var seen = new bool[map.Length];
        var stack = new Stack<int>();
        var rows = new Dictionary<int, (int Min, int Max)>();
        var found = 0;
        for (var start = 0; start < map.Length && found < MaxBoxes; start++)
        {
            if (seen[start] || map[start] <= PixelThreshold) continue;
            // Flood-fill one region (8-connected), keeping each row's extent for the hull and the mean score.
            rows.Clear();
            double score = 0;
            var pixels = 0;
            seen[start] = true;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var at = stack.Pop();
                int x = at % width, y = at / width;
                pixels++;
                score += map[at];
                rows[y] = rows.TryGetValue(y, out var r) ? (Math.Min(r.Min, x), Math.Max(r.Max, x)) : (x, x);
                for (var dy = -1; dy <= 1; dy++)
                for (var dx = -1; dx <= 1; dx++)
                {
                    int nx = x + dx, ny = y + dy;
                    if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
                    var next = ny * width + nx;
                    if (seen[next] || map[next] <= PixelThreshold) continue;
                    seen[next] = true;
                    stack.Push(next);
                }
            }
            if (pixels < 4 || score / pixels < BoxThreshold) continue;

            var outline = rows.SelectMany(r => new[]
            {
                new Point2(r.Value.Min, r.Key), new Point2(r.Value.Min, r.Key + 1),
                new Point2(r.Value.Max + 1, r.Key), new Point2(r.Value.Max + 1, r.Key + 1),
            }).ToList();
            if (TextBox.Around(outline, 0) is not { } tight || Math.Min(tight.Width, tight.Height) < MinSide) continue;
            var margin = tight.Width * tight.Height * UnclipRatio / (2 * (tight.Width + tight.Height));
            if (TextBox.Around(outline, margin) is not { } grown || Math.Min(grown.Width, grown.Height) < MinSide + 2) continue;
            found++;
            yield return grown;
        }
    }
}
