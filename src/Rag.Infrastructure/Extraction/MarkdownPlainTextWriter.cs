using System.Text;
using Markdig.Extensions.Tables;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Rag.Core.Extraction;

namespace Rag.Infrastructure.Extraction;

/// <summary>Walks a Markdig syntax tree and writes its visible text, one blank line between blocks.</summary>
internal sealed class MarkdownPlainTextWriter
{
    private readonly StringBuilder _text = new();
    private readonly List<SectionStart> _sections = [];
    private readonly List<(int Level, string Title)> _headingPath = [];

    public string Text => _text.ToString().TrimEnd();
    public IReadOnlyList<SectionStart> Sections => _sections;

    public void WriteBlocks(ContainerBlock container)
    {
        foreach (var block in container)
            WriteBlock(block);
    }

    private void WriteBlock(Block block)
    {
        switch (block)
        {
            case YamlFrontMatterBlock or HtmlBlock or ThematicBreakBlock:
                break;
            case HeadingBlock heading:
                WriteHeading(heading);
                break;
            case CodeBlock code:
                WriteParagraph(code.Lines.ToString());
                break;
            case LeafBlock { Inline: not null } leaf:
                WriteParagraph(InlineText(leaf.Inline));
                break;
            case Table table:
                WriteTable(table);
                break;
            case ContainerBlock children:
                WriteBlocks(children);
                break;
        }
    }

    private void WriteHeading(HeadingBlock heading)
    {
        var title = heading.Inline is null ? "" : InlineText(heading.Inline).Trim();
        _headingPath.RemoveAll(h => h.Level >= heading.Level);
        _headingPath.Add((heading.Level, title));
        _sections.Add(new SectionStart(_text.Length, string.Join(" > ", _headingPath.Select(h => h.Title))));
        WriteParagraph(title);
    }

    private void WriteTable(Table table)
    {
        foreach (var row in table.OfType<TableRow>())
        {
            var cells = row.OfType<TableCell>().Select(CellText);
            _text.Append(string.Join(" | ", cells)).Append('\n');
        }
        _text.Append('\n');
    }

    private static string CellText(TableCell cell) =>
        string.Join(" ", cell.OfType<LeafBlock>().Where(b => b.Inline is not null).Select(b => InlineText(b.Inline!).Trim()));

    private void WriteParagraph(string paragraph)
    {
        paragraph = paragraph.TrimEnd();
        if (paragraph.Length > 0)
            _text.Append(paragraph).Append("\n\n");
    }

    private static string InlineText(ContainerInline container)
    {
        var text = new StringBuilder();
        AppendInlines(container, text);
        return text.ToString();
    }

    private static void AppendInlines(ContainerInline container, StringBuilder text)
    {
        foreach (var inline in container)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    text.Append(literal.Content);
                    break;
                case CodeInline code:
                    text.Append(code.Content);
                    break;
                case AutolinkInline autolink:
                    text.Append(autolink.Url);
                    break;
                case HtmlEntityInline entity:
                    text.Append(entity.Transcoded);
                    break;
                case LineBreakInline:
                    text.Append('\n');
                    break;
                case ContainerInline children: // links, images (alt text), emphasis
                    AppendInlines(children, text);
                    break;
            }
        }
    }
}
