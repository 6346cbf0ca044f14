using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Rag.Bench.Tests.Ocr;

/// <summary>A Letter-size PDF whose first page has a text layer and whose second page is only a scanned JPEG.</summary>
public static class MixedPdf
{
    public static byte[] Create(string firstPageText, byte[] secondPageJpeg)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        builder.AddPage(PageSize.Letter).AddText(firstPageText, 12, new PdfPoint(72, 700), font);
        builder.AddPage(PageSize.Letter).AddJpeg(secondPageJpeg, new PdfRectangle(0, 0, 612, 792));
        return builder.Build();
    }
}
