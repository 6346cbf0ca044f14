using Rag.Core.Extraction;
using Rag.Infrastructure.Extraction.Office;
using Sylvan.Data.Csv;

namespace Rag.Infrastructure.Extraction.Spreadsheets;

/// <summary>CSV files (the separator, comma, semicolon, tab or pipe, is detected from the first line; any encoding
/// <see cref="TextDecoder"/> knows) as one sheet: one page, rows written with their header names.</summary>
public sealed class CsvTextExtractor(OfficeLimits limits) : ITextExtractor
{
    private const int MaxRecordChars = 16 * 1024 * 1024;

    public IReadOnlyCollection<string> ContentTypes { get; } = [KnownContentTypes.Csv];

    public Task<ExtractedDocument> ExtractAsync(Stream content, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken) =>
        Task.Run(() =>
        {
            var text = TextDecoder.Decode(StreamBytes.ReadAll(content));
            try
            {
                using var csv = CsvDataReader.Create(new StringReader(text), new CsvDataReaderOptions { HasHeaders = false, MaxBufferSize = MaxRecordChars });
                var page = new SheetWriter(limits, "CSV file").Write(1, null, Records(csv), cancellationToken);
                progress?.Report((1, 1));
                return new ExtractedDocument([page]);
            }
            catch (CsvRecordTooLargeException e)
            {
                throw new ExtractionException($"This CSV file has a row longer than {MaxRecordChars / (1024 * 1024)} M characters (the limit), or an unclosed quote.", e);
            }
            catch (CsvFormatException e)
            {
                throw new ExtractionException($"This CSV file is not valid: {e.Message}", e);
            }
        }, cancellationToken);

    private static IEnumerable<IReadOnlyList<string>> Records(CsvDataReader csv)
    {
        while (csv.Read())
        {
            var record = new string[csv.RowFieldCount];
            for (var i = 0; i < record.Length; i++) record[i] = csv.GetString(i);
            yield return record;
        }
    }
}
