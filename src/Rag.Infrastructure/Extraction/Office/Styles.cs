using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Rag.Infrastructure.Extraction.Office;

/// <summary>What a Word paragraph's style makes of it: a heading (by outline level or a "heading N"/"Title" style,
/// following "based on" links) or a list item (numbering on the paragraph or its style).</summary>
internal static class Styles
{
    public sealed record ListNumbering(int Id, int Level, NumberFormatValues? Format, int Start);

    public static int? HeadingLevel(MainDocumentPart main, Paragraph paragraph)
    {
        if (paragraph.ParagraphProperties?.OutlineLevel?.Val?.Value is { } own && own < 9) return own + 1;
        foreach (var style in Chain(main, paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value))
        {
            if (style.StyleParagraphProperties?.OutlineLevel?.Val?.Value is { } level && level < 9) return level + 1;
            var name = style.StyleName?.Val?.Value?.ToLowerInvariant() ?? "";
            if (name == "title") return 1;
            if (name.StartsWith("heading ", StringComparison.Ordinal) && int.TryParse(name[8..], out var n) && n is >= 1 and <= 9) return n;
        }
        return null;
    }

    public static ListNumbering? Numbering(MainDocumentPart main, Paragraph paragraph)
    {
        var properties = paragraph.ParagraphProperties?.NumberingProperties
                         ?? Chain(main, paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value)
                             .Select(s => s.StyleParagraphProperties?.NumberingProperties).FirstOrDefault(p => p is not null);
        if (properties?.NumberingId?.Val?.Value is not { } id || id == 0) return null;
        var level = properties.NumberingLevelReference?.Val?.Value ?? 0;

        var numbering = main.NumberingDefinitionsPart?.Numbering;
        var instance = numbering?.Elements<NumberingInstance>().FirstOrDefault(n => n.NumberID?.Value == id);
        var abstractId = instance?.AbstractNumId?.Val?.Value;
        var definition = numbering?.Elements<AbstractNum>().FirstOrDefault(a => a.AbstractNumberId?.Value == abstractId)
            ?.Elements<Level>().FirstOrDefault(l => l.LevelIndex?.Value == level);
        return new ListNumbering(id, level, definition?.NumberingFormat?.Val?.Value, definition?.StartNumberingValue?.Val?.Value ?? 1);
    }

    /// <summary>The style and the styles it is based on, nearest first (at most 16: a loop of "based on" ends there).</summary>
    private static IEnumerable<Style> Chain(MainDocumentPart main, string? styleId)
    {
        var styles = main.StyleDefinitionsPart?.Styles;
        for (var i = 0; styleId is not null && styles is not null && i < 16; i++)
        {
            var style = styles.Elements<Style>().FirstOrDefault(s => s.StyleId?.Value == styleId);
            if (style is null) yield break;
            yield return style;
            styleId = style.BasedOn?.Val?.Value;
        }
    }
}
