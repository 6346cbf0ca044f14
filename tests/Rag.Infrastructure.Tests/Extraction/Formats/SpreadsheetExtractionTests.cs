using Rag.Infrastructure.Extraction.Office;
using Rag.Testing.Documents;

namespace Rag.Infrastructure.Tests.Extraction.Formats;

public sealed class SpreadsheetExtractionTests
{
    [Fact]
    public async Task Each_sheet_is_a_page_named_by_the_sheet_with_rows_under_their_headers_and_readable_values()
    {
        var document = await FormatExtraction.ExtractAsync(FixtureFiles.Bytes("inventory.xlsx"), "inventory.xlsx");

        Assert.Equal(2, document.Pages.Count);
        Assert.Equal("Sheet: Inventory", document.Pages[0].Sections!.Single().Heading);
        Assert.Contains("Item: Copper wire; Quantity: 120; Unit price: 3.75; Last order: 2024-03-15; Discount: 15%", document.Pages[0].Text);
        Assert.Contains("Item: Brass hinges; Quantity: 40; Unit price: 0.3; Last order: 2023-11-02\n", document.Pages[0].Text + "\n");
        Assert.StartsWith("Sheet: Suppliers", document.Pages[1].Text);
        Assert.Contains("Supplier: Kovač Metals; City: Maribor", document.Pages[1].Text);
        var supplier = OfficeExtractionTests.Chunks(document).Single(c => c.Text.Contains("Kovač"));
        Assert.Equal((2, "Sheet: Suppliers"), (supplier.Page, supplier.Heading));
    }

    [Fact]
    public async Task Csv_separator_is_detected_and_rows_are_written_with_their_headers()
    {
        var document = await FormatExtraction.ExtractAsync(FixtureFiles.Bytes("cities.csv"), "cities.csv");

        var page = Assert.Single(document.Pages);
        Assert.Contains("City: Tartu; Country: Estonia; Population: 97759; Founded: 1030", page.Text);
        Assert.Contains("City: Aix-en-Provence; Country: France", page.Text);
    }

    [Fact]
    public async Task A_large_sheet_is_chunked_by_rows_and_every_chunk_names_the_columns()
    {
        var rows = string.Concat(Enumerable.Range(1, 400).Select(i => $"Order {i},Customer {i}. Paid in full. Dr. Ames,{i * 7}.50\n"));
        var document = await FormatExtraction.ExtractAsync(System.Text.Encoding.UTF8.GetBytes("Order,Customer note,Amount\n" + rows), "orders.csv");

        var chunks = OfficeExtractionTests.Chunks(document, maxTokens: 64);
        Assert.True(chunks.Count > 20);
        Assert.All(chunks.Skip(1), c => Assert.StartsWith("Order: Order ", c.Text));
        Assert.All(chunks, c => Assert.Matches(@"Amount: \d+\.50$", c.Text));
        for (var i = 1; i <= 400; i++)
            Assert.Contains(chunks, c => c.Text.Contains($"Order: Order {i}; Customer note: Customer {i}. Paid in full. Dr. Ames; Amount: {i * 7}.50"));
    }

    [Fact]
    public async Task A_sheet_over_the_cell_limit_fails_with_the_limit_named()
    {
        var registry = FormatExtraction.Registry(new OfficeLimits(MaxCells: 1_000));

        var xlsx = await Assert.ThrowsAsync<Rag.Core.Extraction.ExtractionException>(() => FormatExtraction.ExtractAsync(OfficeZip.Xlsx(rows: 200, columns: 10), "big.xlsx", registry));
        var csv = await Assert.ThrowsAsync<Rag.Core.Extraction.ExtractionException>(() => FormatExtraction.ExtractAsync(
            System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("1,2,3,4,5\n", 300))), "big.csv", registry));

        Assert.Equal("This Excel workbook has more than 1,000 cells (the limit); split it into smaller files.", xlsx.Message);
        Assert.Equal("This CSV file has more than 1,000 cells (the limit); split it into smaller files.", csv.Message);
    }

    [Fact]
    public async Task A_sheet_within_the_limit_is_read_whole()
    {
        var document = await FormatExtraction.ExtractAsync(OfficeZip.Xlsx(rows: 200, columns: 5), "big.xlsx");

        Assert.Equal(200, document.Pages[0].Rows!.Count);
        Assert.Contains("100: 20000; 101: 20001; 102: 20002; 103: 20003; 104: 20004", document.Pages[0].Text);
    }

    [Fact]
    public async Task A_row_wider_than_excel_allows_is_refused()
    {
        var error = await Assert.ThrowsAsync<Rag.Core.Extraction.ExtractionException>(() => FormatExtraction.ExtractAsync(OfficeZip.Xlsx(rows: 2, columns: 20_000), "wide.xlsx"));

        Assert.Equal("This Excel workbook has a row with more than 16,384 cells, which Excel never writes.", error.Message);
    }
}
