using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Rag.Core.Extraction;

namespace Rag.Infrastructure.Extraction.Html;

/// <summary>Web pages (HTML) become one page of their main content: the &lt;main&gt; element, else the first
/// &lt;article&gt;, else the body, without scripts, styles, navigation, site headers and footers or asides. Headings
/// start sections, list items keep a bullet, tables are read row by row with their header cells. The character set
/// comes from a byte order mark or the page's meta tag, as browsers take it.</summary>
public sealed class HtmlTextExtractor : ITextExtractor
{
    static HtmlTextExtractor() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance); // meta charset=windows-1252, gbk, …

    private static readonly HtmlParserOptions Options = new() { IsScripting = false, SkipComments = true, SkipScriptText = true };

    private const string Dropped = "script, style, noscript, template, iframe, object, svg, canvas, nav, aside, [hidden]";

    public IReadOnlyCollection<string> ContentTypes { get; } = [KnownContentTypes.Html];

    public Task<ExtractedDocument> ExtractAsync(Stream content, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken) =>
        Task.Run(() =>
        {
            var html = StreamBytes.ReadAll(content);
            if (HtmlNesting.Depth(html) > HtmlNesting.MaxDepth)
                throw new ExtractionException($"This web page nests its elements more than {HtmlNesting.MaxDepth:N0} levels deep (the limit).");
            using var document = new HtmlParser(Options).ParseDocument(new MemoryStream(html));
            cancellationToken.ThrowIfCancellationRequested();
            var root = document.QuerySelector("main") ?? document.QuerySelector("article") ?? document.Body;
            var page = new PageTextBuilder();
            if (root is not null)
            {
                foreach (var element in root.QuerySelectorAll(Dropped).ToList()) element.Remove();
                if (root == document.Body)
                    foreach (var element in root.QuerySelectorAll("header, footer").ToList()) element.Remove();
                if (root.QuerySelector("h1") is null && !string.IsNullOrWhiteSpace(document.Title)) page.Heading(1, document.Title);
                new Walker(page).Block(root);
            }
            progress?.Report((1, 1));
            return new ExtractedDocument([page.Build(1)]);
        }, cancellationToken);

    /// <summary>Collects inline text into paragraphs and writes a paragraph at every block boundary.</summary>
    private sealed class Walker(PageTextBuilder page)
    {
        private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
        {
            "p", "div", "section", "article", "main", "header", "footer", "blockquote", "ul", "ol", "dl", "dt", "dd",
            "figure", "figcaption", "address", "details", "summary", "form", "fieldset", "hr",
        };

        private const string ListMarker = "•";

        private readonly StringBuilder _inline = new();

        public void Block(IElement container)
        {
            foreach (var node in container.ChildNodes)
                Node(node);
            Flush();
        }

        private void Node(INode node)
        {
            if (node is IText text)
            {
                _inline.Append(text.Data);
                return;
            }
            if (node is not IElement element) return;
            var name = element.LocalName;
            if (name.Length == 2 && name[0] == 'h' && name[1] is >= '1' and <= '6')
            {
                Flush();
                page.Heading(name[1] - '0', element.TextContent);
            }
            else if (name == "table")
            {
                Flush();
                page.Table(element.QuerySelectorAll("tr").Where(tr => tr.Closest("table") == element)
                    .Select(tr => (IReadOnlyList<string>)tr.Children.Where(c => c.LocalName is "td" or "th").Select(c => c.TextContent).ToList()));
            }
            else if (name == "li")
            {
                Flush();
                _inline.Append(ListMarker + " ");
                Block(element);
            }
            else if (name == "br")
                _inline.Append('\n');
            else if (name == "pre")
            {
                Flush();
                page.Paragraph(element.TextContent);
            }
            else if (Blocks.Contains(name))
            {
                Flush();
                Block(element);
            }
            else
                foreach (var child in element.ChildNodes)
                    Node(child);
        }

        private void Flush()
        {
            var lines = _inline.ToString().Split('\n').Select(PageTextBuilder.Collapse).Where(l => l.Length > 0).ToList();
            if (lines is [ListMarker]) return; // the item's text comes in its first block (<li><p>…)
            page.Paragraph(string.Join("\n", lines));
            _inline.Clear();
        }
    }
}
