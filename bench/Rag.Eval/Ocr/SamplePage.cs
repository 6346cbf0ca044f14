using Rag.Core.Ocr;
using SkiaSharp;

namespace Rag.Eval.Ocr;

/// <summary>A generated scan: <see cref="Jpeg"/> shows <see cref="Text"/> (its lines as laid out).</summary>
public sealed record SamplePage(byte[] Jpeg, string Text);

/// <summary>Draws known text as a scanned A4 page would look: 200 dpi, 11 pt, tilted by up to 1.5°, grey noise,
/// JPEG quality 70. English is set in Liberation Serif (Debian fonts-liberation), Chinese in WenQuanYi Zen Hei
/// (fonts-wqy-zenhei).</summary>
public static class SamplePages
{
    public const string EnglishFont = "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf";
    public const string ChineseFont = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc";

    private const int Dpi = 200;
    private const int Width = 1654, Height = 2339; // A4
    private const int Margin = 150;
    private const float FontSize = 11f / 72 * Dpi;
    private const float MaxTiltDegrees = 1.5f;
    private const int NoiseAmplitude = 40;

    /// <summary>Lays out as much of <paramref name="text"/> as fits (or <paramref name="maxLines"/>); the same seed
    /// gives the same page.</summary>
    /// <summary>The page turned clockwise by <paramref name="quarterTurns"/> quarter turns: 1 as a landscape scan or a
    /// phone held sideways gives it, 2 upside down, 3 sideways the other way.</summary>
    public static OcrImage Turned(OcrImage image, int quarterTurns)
    {
        var turns = ((quarterTurns % 4) + 4) % 4;
        var (width, height) = turns % 2 == 0 ? (image.Width, image.Height) : (image.Height, image.Width);
        var rgb = new byte[image.Rgb.Length];
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        {
            var (sourceX, sourceY) = turns switch
            {
                0 => (x, y),
                1 => (y, image.Height - 1 - x),
                2 => (image.Width - 1 - x, image.Height - 1 - y),
                _ => (image.Width - 1 - y, x),
            };
            Array.Copy(image.Rgb, 3 * (sourceY * image.Width + sourceX), rgb, 3 * (y * width + x), 3);
        }
        return new OcrImage(width, height, rgb);
    }

    public static SamplePage Render(string text, bool chinese, int seed, int maxLines = int.MaxValue)
    {
        var fontFile = chinese ? ChineseFont : EnglishFont;
        if (!File.Exists(fontFile))
            throw new FileNotFoundException($"The font {fontFile} is missing (Debian: {(chinese ? "fonts-wqy-zenhei" : "fonts-liberation")}).", fontFile);
        var random = new Random(seed);
        using var typeface = SKTypeface.FromFile(fontFile);
        using var font = new SKFont(typeface, FontSize);
        var lines = Wrap(text, chinese, font, Width - 2 * Margin).Take(Math.Min(maxLines, (int)((Height - 2 * Margin) / (FontSize * 1.5f)))).ToList();

        using var bitmap = new SKBitmap(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(bitmap))
        using (var ink = new SKPaint { Color = new SKColor(20, 20, 20), IsAntialias = true })
        {
            canvas.Clear(SKColors.White);
            canvas.RotateDegrees((float)(random.NextDouble() * 2 - 1) * MaxTiltDegrees, Width / 2f, Height / 2f);
            for (var i = 0; i < lines.Count; i++)
                canvas.DrawText(lines[i], Margin, Margin + FontSize + i * FontSize * 1.5f, SKTextAlign.Left, font, ink);
        }
        AddNoise(bitmap, random);
        using var jpeg = bitmap.Encode(SKEncodedImageFormat.Jpeg, 70);
        return new SamplePage(jpeg.ToArray(), string.Join('\n', lines));
    }

    private static void AddNoise(SKBitmap bitmap, Random random)
    {
        var pixels = bitmap.GetPixelSpan();
        for (var i = 0; i < pixels.Length; i += 4)
        {
            var delta = random.Next(-NoiseAmplitude, NoiseAmplitude + 1);
            for (var c = 0; c < 3; c++) pixels[i + c] = (byte)Math.Clamp(pixels[i + c] + delta, 0, 255);
        }
    }

    private static IEnumerable<string> Wrap(string text, bool chinese, SKFont font, float width)
    {
        var line = "";
        var units = chinese
            ? text.Where(c => !char.IsWhiteSpace(c)).Select(c => c.ToString())
            : text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var separator = chinese ? "" : " ";
        foreach (var unit in units)
        {
            var candidate = line.Length == 0 ? unit : line + separator + unit;
            if (line.Length > 0 && font.MeasureText(candidate) > width)
            {
                yield return line;
                candidate = unit;
            }
            line = candidate;
        }
        if (line.Length > 0) yield return line;
    }
}
