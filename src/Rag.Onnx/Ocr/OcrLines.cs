namespace Rag.Onnx.Ocr;

/// <summary>Orders recognised boxes into text: boxes whose vertical centres lie within half a line height of each
/// other form one line, read left to right; lines top to bottom.</summary>
internal static class OcrLines
{
    public static string Join(IEnumerable<(TextBox Box, string? Text)> boxes)
    {
        var lines = new List<List<(TextBox Box, string Text)>>();
        foreach (var (box, text) in boxes.Where(b => !string.IsNullOrWhiteSpace(b.Text)).OrderBy(b => b.Box.CenterY))
        {
            var line = lines.Count > 0 ? lines[^1] : null;
            if (line is not null && MathF.Abs(box.CenterY - line.Average(b => b.Box.CenterY)) < 0.5f * Math.Min(box.Height, line[0].Box.Height))
                line.Add((box, text!));
            else
                lines.Add([(box, text!)]);
        }
        return string.Join('\n', lines.Select(line => string.Join(' ', line.OrderBy(b => b.Box.Left).Select(b => b.Text))));
    }
}
