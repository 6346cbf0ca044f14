using BitMiracle.LibTiff.Classic;
using Rag.Core.Ocr;
using Rag.Eval.Ocr;
using Rag.Infrastructure.Ocr;
using Rag.Testing.Documents;
using Rag.Testing.Hosting;
using SkiaSharp;

namespace Rag.Bench.Tests.Ocr;

/// <summary>Scanned PDFs and pictures become searchable through OCR (the default engine, PaddleOCR), with hits on the
/// page the text is on.</summary>
public sealed class OcrIngestionTests
{
    // OCR reads a full page in seconds on two free cores; shared CI machines can be much slower.
    private static readonly TimeSpan OcrTime = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task A_scanned_pdf_becomes_ready_with_its_text_searchable_on_the_right_page()
    {
        await using var service = await InProcessService.StartAsync();
        var api = service.Client;
        await api.CreateCollectionAsync("scans");
        var id = (await api.UploadOkAsync("scans", ("brochure.pdf", await File.ReadAllBytesAsync(EvalPdfs.PathOf("scanned/GHOSTSCRIPT-688999-2.pdf"))))).Single();

        var document = await api.WaitSettledAsync(id, OcrTime);
        Assert.Equal("ready", document["status"]!.GetValue<string>());
        Assert.Equal(2, document["pageCount"]!.GetValue<int>());
        Assert.Equal(0, document["pagesWithoutText"]!.GetValue<int>());
        var second = (await api.SearchAsync("scans", "Eliminez vos piles de cartes de visite"))[0]!;
        Assert.Equal(2, second["page"]!.GetValue<int>());
        Assert.Contains("piles de cartes de visite", second["text"]!.GetValue<string>());
        var first = (await api.SearchAsync("scans", "Port USB pour un emploi facile"))[0]!;
        Assert.Equal(1, first["page"]!.GetValue<int>());
    }

    [Fact]
    public async Task In_a_mixed_pdf_only_the_scanned_page_is_read_by_ocr_and_questions_about_it_are_cited_to_its_page()
    {
        await using var service = await InProcessService.StartAsync();
        var api = service.Client;
        await api.CreateCollectionAsync("mixed");
        var scan = SamplePages.Render("Appendix: the spare impeller is stored in cabinet seven.", chinese: false, seed: 5);
        var pdf = MixedPdf.Create("Chapter one: the pump needs a yearly service.", scan.Jpeg);
        var id = (await api.UploadOkAsync("mixed", ("manual.pdf", pdf))).Single();

        var document = await api.WaitSettledAsync(id, OcrTime);
        Assert.Equal("ready", document["status"]!.GetValue<string>());
        Assert.Equal(1, (await api.SearchAsync("mixed", "yearly service"))[0]!["page"]!.GetValue<int>());
        Assert.Equal(2, (await api.SearchAsync("mixed", "spare impeller cabinet"))[0]!["page"]!.GetValue<int>());

        var answer = await api.AskAsync("mixed", "Where is the spare impeller stored?");
        Assert.True(answer["grounded"]!.GetValue<bool>(), answer.ToJsonString());
        Assert.Contains("cabinet seven", answer["answer"]!.GetValue<string>());
        var citation = answer["citations"]!.AsArray().Single()!;
        Assert.Equal(2, citation["page"]!.GetValue<int>()); // the scanned page, read by OCR
    }

    [Fact]
    public async Task Pictures_and_each_page_of_a_multi_page_tiff_are_read()
    {
        await using var service = await InProcessService.StartAsync();
        var api = service.Client;
        await api.CreateCollectionAsync("pictures");
        var note = SamplePages.Render("The quokka inspection is due on Thursday morning.", chinese: false, seed: 1);
        var first = SamplePages.Render("Boiler room keys hang behind the blue door.", chinese: false, seed: 2);
        var second = SamplePages.Render("The generator fuel tank holds 400 litres of diesel.", chinese: false, seed: 3);
        var ids = await api.UploadOkAsync("pictures",
            ("note.png", Png(note.Jpeg)), ("binder.tif", Tiff(Decode(first.Jpeg), Decode(second.Jpeg))));

        Assert.Equal(1, (await api.WaitSettledAsync(ids[0], OcrTime))["pageCount"]!.GetValue<int>());
        Assert.Equal(2, (await api.WaitSettledAsync(ids[1], OcrTime))["pageCount"]!.GetValue<int>());
        Assert.Equal(ids[0].ToString(), (await api.SearchAsync("pictures", "quokka inspection"))[0]!["documentId"]!.GetValue<string>());
        var fuel = (await api.SearchAsync("pictures", "generator fuel tank"))[0]!;
        Assert.Equal((ids[1].ToString(), 2), (fuel["documentId"]!.GetValue<string>(), fuel["page"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_picture_over_the_pixel_limit_fails_with_the_reason()
    {
        await using var service = await InProcessService.StartAsync("--Rag:Ocr:MaxPixels=1000000");
        var api = service.Client;
        await api.CreateCollectionAsync("big");
        var page = SamplePages.Render("Too large to read.", chinese: false, seed: 4);
        var id = (await api.UploadOkAsync("big", ("page.jpg", page.Jpeg))).Single();

        var document = await api.WaitSettledAsync(id, OcrTime);
        Assert.Equal("failed", document["status"]!.GetValue<string>());
        Assert.Contains("pixels", document["error"]!.GetValue<string>());
    }

    private static OcrImage Decode(byte[] jpeg) => ImageDecoder.TryDecode(jpeg, long.MaxValue)!;

    private static byte[] Png(byte[] jpeg)
    {
        using var bitmap = SKBitmap.Decode(jpeg);
        using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static byte[] Tiff(params OcrImage[] pages)
    {
        var stream = new MemoryStream();
        using (var tiff = BitMiracle.LibTiff.Classic.Tiff.ClientOpen("binder.tif", "w", stream, new TiffStream()))
        {
            foreach (var page in pages)
            {
                tiff.SetField(TiffTag.IMAGEWIDTH, page.Width);
                tiff.SetField(TiffTag.IMAGELENGTH, page.Height);
                tiff.SetField(TiffTag.SAMPLESPERPIXEL, 3);
                tiff.SetField(TiffTag.BITSPERSAMPLE, 8);
                tiff.SetField(TiffTag.PHOTOMETRIC, Photometric.RGB);
                tiff.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
                tiff.SetField(TiffTag.COMPRESSION, Compression.DEFLATE);
                tiff.SetField(TiffTag.ROWSPERSTRIP, 64);
                for (var row = 0; row < page.Height; row++)
                    tiff.WriteScanline(page.Rgb.AsSpan(row * page.Width * 3, page.Width * 3).ToArray(), row);
                tiff.WriteDirectory();
            }
        }
        return stream.ToArray();
    }
}
