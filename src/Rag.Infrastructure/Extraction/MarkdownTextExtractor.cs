using Markdig;
using Rag.Core.Extraction;

namespace Rag.Infrastructure.Extraction;

/// <summary>Markdown becomes one page of plain text; every heading is recorded as a section start.</summary>
public sealed class MarkdownTextExtractor : ITextExtractor
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseYamlFrontMatter()
        .Build();

    public IReadOnlyCollection<string> ContentTypes { get; } = [KnownContentTypes.Markdown];

    public async Task<ExtractedDocument> ExtractAsync(Stream content, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        var source = TextDecoder.NormalizeLineEndings(TextDecoder.Decode(await StreamBytes.ReadAllAsync(content, cancellationToken)));
        var document = Markdown.Parse(source, Pipeline);
        var writer = new MarkdownPlainTextWriter();
        writer.WriteBlocks(document);
        progress?.Report((1, 1));
        return new ExtractedDocument([new ExtractedPage(1, writer.Text, writer.Sections)]);
    }
}
