using System.ComponentModel.DataAnnotations;

namespace Rag.Infrastructure.Ocr;

/// <summary>Settings under Rag:Ocr: which engine reads pages without text, and what one page may cost.</summary>
public sealed class OcrOptions
{
    /// <summary>"paddle" (PP-OCRv4 on ONNX Runtime, Chinese and English), "tesseract" (the tesseract CLI with
    /// <see cref="TesseractLanguages"/>) or "none" (pages without text stay empty).</summary>
    [RegularExpression("^(paddle|tesseract|none)$", ErrorMessage = "use paddle, tesseract or none")]
    public string Engine { get; set; } = "paddle";

    /// <summary>Largest page image read, in pixels (an A4 page at 300 dpi has 8.7 million).</summary>
    [Range(10_000, 400_000_000)]
    public long MaxPixels { get; set; } = 50_000_000;

    /// <summary>Most pages one document may send to OCR.</summary>
    [Range(1, 100_000)]
    public int MaxPages { get; set; } = 500;

    /// <summary>Rendering and reading one page taking longer than this fails the document with that reason.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan PageTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Resolution at which PDF pages are rendered (poppler's pdftoppm) when their image cannot be taken as is.</summary>
    [Range(72, 600)]
    public int RenderDpi { get; set; } = 200;

    [Required]
    public string TesseractLanguages { get; set; } = "eng+chi_sim";

    /// <summary>"cpu" or "cuda" for the PaddleOCR networks (the GPU build's ONNX Runtime).</summary>
    [RegularExpression("^(cpu|cuda)$", ErrorMessage = "use cpu or cuda")]
    public string ExecutionProvider { get; set; } = "cpu";

    /// <summary>ONNX Runtime threads per PaddleOCR network call; 0 = one per core.</summary>
    [Range(0, 256)]
    public int IntraOpThreads { get; set; }
}
