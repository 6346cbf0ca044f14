using Microsoft.Extensions.Logging.Abstractions;
using Rag.Core.Ocr;
using Rag.Eval.Metrics;
using Rag.Eval.Ocr;
using Rag.Infrastructure.Ocr;
using Rag.Onnx.Ocr;

namespace Rag.Bench.Tests.Ocr;

public sealed class PaddleEngineFixture : IDisposable
{
    public PaddleOcrEngine Engine { get; } = new(new PaddleOcrSettings(PaddleOcrModels.BundledFolder), NullLogger.Instance);
    public void Dispose() => Engine.Dispose();
}

/// <summary>Both engines on generated scans (200 dpi, tilted, noisy, JPEG) of known text; the goals are CER ≤ 1%
/// for English and ≤ 5% for Chinese. Pages are short (a few lines) to keep the suite fast; the bench reads full ones.</summary>
public sealed class OcrEngineTests(PaddleEngineFixture paddle) : IClassFixture<PaddleEngineFixture>
{
    private const string English = "The pump delivers a maximum pressure of 240 kPa at 3,000 revolutions per minute. " +
        "Replace the filter cartridge every six months, or sooner when the flow drops below 12 litres per hour. " +
        "Warranty claims require the serial number printed on the rating plate (for example SN-4471-B).";
    private const string Chinese = "本设备的最大工作压力为二百四十千帕。请每六个月更换一次滤芯，当流量低于每小时十二升时应提前更换。" +
        "申请保修时须提供铭牌上的序列号。使用前请仔细阅读说明书，并将其妥善保管以备日后查阅。";

    [Fact]
    public async Task Paddle_reads_an_English_scan()
    {
        var page = SamplePages.Render(English, chinese: false, seed: 1);
        Assert.InRange(CharacterErrorRate.Of(page.Text, await paddle.Engine.ReadAsync(Decode(page.Jpeg), default)), 0, 0.01);
    }

    [Fact]
    public async Task Paddle_reads_a_Chinese_scan()
    {
        var page = SamplePages.Render(Chinese, chinese: true, seed: 2);
        Assert.InRange(CharacterErrorRate.Of(page.Text, await paddle.Engine.ReadAsync(Decode(page.Jpeg), default)), 0, 0.05);
    }

    [Fact]
    public async Task Paddle_reads_a_page_scanned_upside_down_in_reading_order()
    {
        var page = SamplePages.Render(English, chinese: false, seed: 3);
        var read = await paddle.Engine.ReadAsync(SamplePages.Turned(Decode(page.Jpeg), 2), default);
        Assert.InRange(CharacterErrorRate.Of(page.Text, read), 0, 0.01);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    public async Task Paddle_reads_a_page_scanned_sideways_in_reading_order(bool clockwise, bool chinese)
    {
        var page = SamplePages.Render(chinese ? Chinese : English, chinese, seed: clockwise ? 6 : 7);
        var read = await paddle.Engine.ReadAsync(SamplePages.Turned(Decode(page.Jpeg), clockwise ? 1 : 3), default);
        Assert.InRange(CharacterErrorRate.Of(page.Text, read), 0, chinese ? 0.05 : 0.01);
    }

    [Fact]
    public async Task Tesseract_reads_an_English_scan()
    {
        var page = SamplePages.Render(English, chinese: false, seed: 4);
        var read = await new TesseractEngine("eng").ReadAsync(Decode(page.Jpeg), default);
        Assert.InRange(CharacterErrorRate.Of(page.Text, read), 0, 0.01);
    }

    [Fact]
    public void A_damaged_model_file_is_named_at_start()
    {
        var folder = Directory.CreateTempSubdirectory("ocr-models-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(PaddleOcrModels.BundledFolder)) File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            File.AppendAllText(Path.Combine(folder, PaddleOcrModels.Dictionary), "x");
            var error = Assert.Throws<InvalidDataException>(() => new PaddleOcrEngine(new PaddleOcrSettings(folder), NullLogger.Instance));
            Assert.Contains(PaddleOcrModels.Dictionary, error.Message);
            Assert.Contains("damaged", error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void An_image_over_the_pixel_limit_is_refused_from_its_header()
    {
        var page = SamplePages.Render(English, chinese: false, seed: 5);
        var error = Assert.Throws<Core.Extraction.ExtractionException>(() => ImageDecoder.TryDecode(page.Jpeg, maxPixels: 1_000_000));
        Assert.Contains("1,654 × 2,339 pixels", error.Message);
    }

    private static OcrImage Decode(byte[] jpeg) => ImageDecoder.TryDecode(jpeg, long.MaxValue)!;
}
