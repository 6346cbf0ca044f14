using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using Rag.Core.Extraction;
using A = DocumentFormat.OpenXml.Drawing;
using P = DocumentFormat.OpenXml.Presentation;

namespace Rag.Infrastructure.Extraction.Office;

/// <summary>PowerPoint decks (PPTX): one slide is one page, in the deck's order; its title starts the page's section,
/// then the text of its shapes and tables (row by row, with header cells) and its speaker notes.</summary>
public sealed class PptxTextExtractor(OfficeLimits limits) : ITextExtractor
{
    private const string Kind = "PowerPoint presentation";

    public IReadOnlyCollection<string> ContentTypes { get; } = [KnownContentTypes.Pptx];

    public Task<ExtractedDocument> ExtractAsync(Stream content, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken) =>
        Task.Run(() => OfficePackage.Read(content, Kind, limits, (package, settings) =>
        {
            using var deck = PresentationDocument.Open(package, false, settings);
            var presentation = deck.PresentationPart ?? throw new ExtractionException($"This {Kind} has no slides.");
            var slideIds = presentation.Presentation?.SlideIdList?.Elements<P.SlideId>().ToList() ?? [];
            var pages = new List<ExtractedPage>(slideIds.Count);
            foreach (var slideId in slideIds)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var slide = slideId.RelationshipId?.Value is { } id ? presentation.GetPartById(id) as SlidePart : null;
                pages.Add(Slide(pages.Count + 1, slide));
                progress?.Report((pages.Count, slideIds.Count));
            }
            return new ExtractedDocument(pages);
        }), cancellationToken);

    private static ExtractedPage Slide(int number, SlidePart? slide)
    {
        var page = new PageTextBuilder();
        var shapes = slide?.Slide?.CommonSlideData?.ShapeTree;
        var title = shapes?.Descendants<P.Shape>().FirstOrDefault(IsTitle) is { } titleShape ? ShapeText(titleShape) : "";
        page.Heading(1, $"Slide {number}" + (string.IsNullOrWhiteSpace(title) ? "" : $": {PageTextBuilder.Collapse(title)}"));
        if (shapes is not null) WriteShapes(page, shapes, skip: IsTitle);

        var notes = slide?.NotesSlidePart?.NotesSlide?.CommonSlideData?.ShapeTree;
        if (notes is not null)
        {
            var body = notes.Descendants<P.Shape>().Where(s => PlaceholderType(s) == P.PlaceholderValues.Body).Select(ShapeText);
            page.Paragraph("Notes: " + string.Join("\n", body).Trim());
        }
        return page.Build(number);
    }

    private static void WriteShapes(PageTextBuilder page, OpenXmlElement shapes, Func<P.Shape, bool> skip)
    {
        foreach (var element in shapes.Descendants())
        {
            if (element is P.Shape shape && !skip(shape)) page.Paragraph(ShapeText(shape));
            else if (element is A.Table table)
                page.Table(table.Elements<A.TableRow>().Select(row => (IReadOnlyList<string>)row.Elements<A.TableCell>()
                    .Select(cell => PageTextBuilder.Collapse(ParagraphsText(cell))).ToList()));
        }
    }

    private static bool IsTitle(P.Shape shape) =>
        PlaceholderType(shape) is { } type && (type == P.PlaceholderValues.Title || type == P.PlaceholderValues.CenteredTitle);

    private static P.PlaceholderValues? PlaceholderType(P.Shape shape) =>
        shape.NonVisualShapeProperties?.ApplicationNonVisualDrawingProperties?.GetFirstChild<P.PlaceholderShape>()?.Type?.Value;

    private static string ShapeText(P.Shape shape) => shape.TextBody is { } body ? ParagraphsText(body) : "";

    private static string ParagraphsText(OpenXmlElement container) =>
        string.Join("\n", container.Descendants<A.Paragraph>().Select(p => string.Concat(p.Descendants<A.Text>().Select(t => t.Text))));
}
