using System.Text.RegularExpressions;
using Rag.Core.Extraction;
using Rag.Infrastructure.Extraction;
using Rag.Testing.Documents;

namespace Rag.Infrastructure.Tests.Extraction;

/// <summary>Page text built from glyph positions: words set apart without space glyphs, and tables read row by row.</summary>
public sealed class PdfPageLayoutTests
{
    [Fact]
    public async Task Words_positioned_apart_without_space_glyphs_are_separated()
    {
        var text = Normalise(await PageText("papers-multicolumn/2108.11480.pdf", 1));

        Assert.Contains("Search engine architectures often follow a cascading architecture", text);
    }

    [Fact]
    public async Task Words_glued_only_where_a_mixed_pdf_omits_space_glyphs_are_separated()
    {
        var text = Normalise(await PageText("non-english/11194059_2017-11_de_s.pdf", 1));

        Assert.Contains("Lesen Sie die gesamte Packungsbeilage sorgfältig durch, bevor Sie mit der Anwendung dieses Arzneimittels beginnen", text);
    }

    [Fact]
    public async Task Kerned_and_letter_spaced_words_of_a_pdf_with_space_glyphs_stay_whole()
    {
        var document = await Extract("encrypted/iron-ore-q2-q3-2013.pdf");

        Assert.Contains("COMMODITY INSIGHTS", Normalise(document.Pages[0].Text)); // letters 0.14 em apart, words by space glyphs
        Assert.Contains("Table 1: Top iron ore deals", string.Join("\n", document.Pages.Select(p => p.Text))); // "T" kerned over "a"
    }

    [Fact]
    public async Task Table_row_is_one_line_of_header_value_pairs()
    {
        var lines = (await PageText("tables-forms/data.pdf", 1)).Split('\n');

        Assert.Contains("Mazda RX4; mpg: 21.0; cyl: 6; disp: 160.0; hp: 110; drat: 3.90; wt: 2.620; qsec: 16.46; vs: 0; am: 1; gear: 4; carb: 4", lines);
    }

    [Fact]
    public async Task Table_cells_wrapped_over_several_lines_stay_in_their_row()
    {
        var lines = (await PageText("tables-forms/Publication_of_award_of_Bids_for_Transport_Sector__August_2016.pdf", 1)).Split('\n');

        var row = Assert.Single(lines, l => l.StartsWith("Serial No.: 3;"));
        Assert.Contains("Contract Description: Procurement of 2No. Buses (30‐seater)", row);
        Assert.Contains("Contractor/Suppliers /Consultant: Western Automobile Centre", row);
        Assert.Contains("Contract Amount: 214,885.63", row);
    }

    private static async Task<string> PageText(string file, int page) => (await Extract(file)).Pages[page - 1].Text;

    private static async Task<ExtractedDocument> Extract(string file)
    {
        await using var content = File.OpenRead(EvalPdfs.PathOf(file));
        return await new PdfTextExtractor().ExtractAsync(content, null, CancellationToken.None);
    }

    private static string Normalise(string whitespace) => Regex.Replace(whitespace, @"\s+", " ");
}
