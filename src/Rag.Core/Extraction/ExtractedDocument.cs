namespace Rag.Core.Extraction;

/// <summary>Text of one page. <paramref name="Number"/> is 1-based. <paramref name="Sections"/> optionally marks
/// where headings start within <paramref name="Text"/> (Markdown), so chunks can carry their heading.
/// <paramref name="Rows"/> optionally lists spans of the text, in order and not overlapping, that a chunk boundary
/// never falls inside (table and spreadsheet rows), unless one row alone is longer than a chunk.</summary>
public sealed record ExtractedPage(int Number, string Text, IReadOnlyList<SectionStart>? Sections = null, IReadOnlyList<Range>? Rows = null)
{
    public bool HasText => !string.IsNullOrWhiteSpace(Text);
}

public sealed record SectionStart(int Offset, string Heading);

public sealed record ExtractedDocument(IReadOnlyList<ExtractedPage> Pages)
{
    public int PagesWithoutText => Pages.Count(p => !p.HasText);
}

/// <summary>Thrown when a file cannot be read; <see cref="Exception.Message"/> is shown to the person who uploaded it.</summary>
public sealed class ExtractionException(string message, Exception? inner = null) : Exception(message, inner);
