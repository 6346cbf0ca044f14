using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Rag.Core.Chunking;
using Rag.Core.Extraction;
using Rag.Testing.Documents;

namespace Rag.Infrastructure.Tests.Extraction.Formats;

/// <summary>Word and PowerPoint files made by pandoc and LibreOffice (see Fixtures/README.md), read as ingestion reads them.</summary>
public sealed class OfficeExtractionTests
{
    [Theory]
    [InlineData("report.docx")]
    [InlineData("report-libreoffice.docx")]
    public async Task Word_headings_become_sections_lists_keep_their_markers_and_tables_name_their_columns(string file)
    {
        var document = await FormatExtraction.ExtractAsync(FixtureFiles.Bytes(file), file);
        var text = string.Join("\n", document.Pages.Select(p => p.Text));

        Assert.Contains("• Ferries use the north quay.", text);
        Assert.Contains("2. Wait for the pilot.", text);
        Assert.Contains("Vessel: Nordic Star; Berth: East 4; Arrival: Tuesday 06:00", text);
        var first = document.Pages[0];
        var tides = first.Sections!.Single(s => s.Heading == "Harbour operations manual > Tides and berths");
        Assert.StartsWith("Tides and berths", first.Text[tides.Offset..]);

        var chunks = Chunks(document, maxTokens: 40);
        Assert.Equal("Harbour operations manual > Tides and berths", chunks.Single(c => c.Text.Contains("Marla Queen")).Heading);
    }

    [Fact]
    public async Task Word_pages_are_cut_at_explicit_page_breaks_and_keep_the_heading_path()
    {
        var document = await FormatExtraction.ExtractAsync(FixtureFiles.Bytes("report.docx"), "report.docx");

        Assert.Equal(2, document.Pages.Count);
        Assert.DoesNotContain("fog horn", document.Pages[0].Text);
        var safety = Chunks(document).Single(c => c.Text.Contains("fog horn"));
        Assert.Equal((2, "Harbour operations manual > Safety"), (safety.Page, safety.Heading));
    }

    [Theory]
    [InlineData("report.docx")]
    [InlineData("report-libreoffice.docx")]
    public async Task A_footnote_keeps_its_mark_and_its_text_ends_the_page_that_refers_to_it(string file)
    {
        var document = await FormatExtraction.ExtractAsync(FixtureFiles.Bytes(file), file);
        var first = document.Pages[0].Text;

        Assert.Contains("within two hours of high tide.[1] The pilot boat", first);
        const string note = "[1] Tide tables are posted daily at the harbour master’s office on pier two.";
        Assert.Contains(note, first);
        Assert.True(first.IndexOf(note, StringComparison.Ordinal) > first.IndexOf("Marla Queen", StringComparison.Ordinal), "the note follows the page's text");
        Assert.Equal(1, Chunks(document, maxTokens: 40).Single(c => c.Text.Contains("pier two")).Page);
    }

    [Fact]
    public async Task Endnotes_are_marked_in_roman_numerals_and_gathered_under_Notes_at_the_end()
    {
        var docx = WordWithEndnotes(("The survey covered three valleys.", "Funded by the regional water board."),
            ("Rainfall was measured daily.", "Gauges were read at 07:00 local time."));

        var document = await FormatExtraction.ExtractAsync(docx, "survey.docx");
        var text = document.Pages.Single().Text;

        Assert.Contains("The survey covered three valleys.[i]", text);
        Assert.Contains("Rainfall was measured daily.[ii]", text);
        Assert.EndsWith("[i] Funded by the regional water board.\n[ii] Gauges were read at 07:00 local time.", text.TrimEnd().Replace("\n\n", "\n"));
        var notes = document.Pages.Single().Sections!.Single(s => s.Heading == "Notes");
        Assert.StartsWith("Notes\n", text[notes.Offset..]);
    }

    /// <summary>A Word document of paragraphs, each ending in a reference to its endnote.</summary>
    private static byte[] WordWithEndnotes(params (string Text, string Note)[] paragraphs)
    {
        using var memory = new MemoryStream();
        using (var word = WordprocessingDocument.Create(memory, WordprocessingDocumentType.Document))
        {
            var main = word.AddMainDocumentPart();
            var notes = main.AddNewPart<EndnotesPart>();
            notes.Endnotes = new Endnotes(paragraphs.Select((p, i) => new Endnote(new Paragraph(new Run(new Text(p.Note)))) { Id = i + 1 }));
            main.Document = new Document(new Body(paragraphs.Select((p, i) =>
                new Paragraph(new Run(new Text(p.Text)), new Run(new EndnoteReference { Id = i + 1 })))));
        }
        return memory.ToArray();
    }

    [Fact]
    public async Task Word_without_page_breaks_is_one_page()
    {
        var document = await FormatExtraction.ExtractAsync(FixtureFiles.Bytes("report-libreoffice.docx"), "report-libreoffice.docx");

        Assert.Single(document.Pages);
        Assert.Contains("fog horn", document.Pages[0].Text);
    }

    [Fact]
    public async Task Each_slide_is_a_page_titled_by_its_slide_with_tables_and_speaker_notes()
    {
        var document = await FormatExtraction.ExtractAsync(FixtureFiles.Bytes("deck.pptx"), "deck.pptx");

        Assert.Equal(4, document.Pages.Count);
        Assert.Equal(["Slide 1: Quarterly review", "Slide 2: Sales by region", "Slide 3: Hiring plan", "Slide 4: Next steps"],
            document.Pages.Select(p => p.Sections!.Single().Heading));
        Assert.Contains("The northern region grew by twelve percent.", document.Pages[1].Text);
        Assert.Contains("Notes: Mention that the northern growth came from the new Tromsø office.", document.Pages[1].Text);
        Assert.Contains("Team: Engineering; Open roles: 5", document.Pages[2].Text);
        var notes = Chunks(document).Single(c => c.Text.Contains("Tromsø"));
        Assert.Equal((2, "Slide 2: Sales by region"), (notes.Page, notes.Heading));
    }

    internal static List<ChunkDraft> Chunks(ExtractedDocument document, int maxTokens = 256) =>
        new TextChunker(new ApproximateTokenCounter(), new ChunkingOptions { MaxTokens = maxTokens, OverlapTokens = 16 }).Chunk(document).ToList();
}
