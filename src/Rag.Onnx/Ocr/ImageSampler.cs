using Rag.Core.Ocr;

namespace Rag.Onnx.Ocr;

/// <summary>Per-channel normalisation of a network input: (value / 255 - mean) / std, channels in BGR order as
/// PaddleOCR's OpenCV-based training read them.</summary>
internal sealed record ChannelNorm(float[] Mean, float[] Std)
{
    public static readonly ChannelNorm ImageNet = new([0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]);
    public static readonly ChannelNorm Symmetric = new([0.5f, 0.5f, 0.5f], [0.5f, 0.5f, 0.5f]);
}

internal static class ImageSampler
{
    /// <summary>Samples the parallelogram spanned from <paramref name="origin"/> by <paramref name="across"/> (the
    /// whole output width) and <paramref name="down"/> (the whole output height) into a normalised CHW tensor region
    /// <paramref name="destination"/> of stride <paramref name="rowStride"/> (≥ width) and plane size
    /// <paramref name="planeSize"/>. Each output pixel averages k×k bilinear samples when shrinking, so small text
    /// does not alias away.</summary>
    public static void Sample(OcrImage image, Point2 origin, Point2 across, Point2 down, int width, int height,
        Span<float> destination, int rowStride, int planeSize, ChannelNorm norm)
    {
        var stepX = across * (1f / width);
        var stepY = down * (1f / height);
        var k = Math.Clamp((int)MathF.Ceiling(MathF.Max(stepX.Length, stepY.Length)), 1, 4);
        var inv = 1f / (k * k * 255f);
        Span<float> sum = stackalloc float[3];
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        {
            sum.Clear();
            for (var sy = 0; sy < k; sy++)
            for (var sx = 0; sx < k; sx++)
            {
                var p = origin + stepX * (x + (sx + 0.5f) / k) + stepY * (y + (sy + 0.5f) / k);
                Bilinear(image, p.X - 0.5f, p.Y - 0.5f, sum);
            }
            var at = y * rowStride + x;
            for (var c = 0; c < 3; c++)
            {
                var rgb = 2 - c; // BGR planes
                destination[c * planeSize + at] = (sum[rgb] * inv - norm.Mean[c]) / norm.Std[c];
            }
        }
    }

    private static void Bilinear(OcrImage image, float x, float y, Span<float> sum)
    {
        var x0 = (int)MathF.Floor(x);
        var y0 = (int)MathF.Floor(y);
        var fx = x - x0;
        var fy = y - y0;
        for (var dy = 0; dy < 2; dy++)
        for (var dx = 0; dx < 2; dx++)
        {
            var weight = (dx == 0 ? 1 - fx : fx) * (dy == 0 ? 1 - fy : fy);
            if (weight == 0) continue;
            // Outside the image reads as white paper.
            var px = x0 + dx;
            var py = y0 + dy;
            if (px < 0 || py < 0 || px >= image.Width || py >= image.Height)
            {
                sum[0] += 255 * weight; sum[1] += 255 * weight; sum[2] += 255 * weight;
                continue;
            }
            var i = ((long)py * image.Width + px) * 3;
            sum[0] += image.Rgb[i] * weight;
            sum[1] += image.Rgb[i + 1] * weight;
            sum[2] += image.Rgb[i + 2] * weight;
        }
    }
}
