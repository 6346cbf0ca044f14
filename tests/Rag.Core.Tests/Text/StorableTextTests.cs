using Rag.Core.Text;

namespace Rag.Core.Tests.Text;

public class StorableTextTests
{
    [Fact]
    public void Nul_and_control_characters_become_spaces_keeping_every_offset()
    {
        const string text = "NUL\0 bell\a escape\u001b delete\u007f next\u0085 tab\t line\n return\r end";

        var clean = StorableText.Clean(text);

        Assert.Equal("NUL  bell  escape  delete  next  tab\t line\n return\r end", clean);
        Assert.Equal(text.Length, clean.Length);
    }

    [Fact]
    public void Unpaired_surrogates_become_replacement_characters_and_pairs_stay()
    {
        var clean = StorableText.Clean("lone \ud800 high, lone \udc00 low, pair \U0001F600, reversed \udc00\ud800");

        Assert.Equal("lone \uFFFD high, lone \uFFFD low, pair \U0001F600, reversed \uFFFD\uFFFD", clean);
    }

    [Fact]
    public void Clean_text_is_returned_as_it_is()
    {
        const string text = "Grüße, café, 知识库, שלום, مرحبا, 👋🏽";

        Assert.Same(text, StorableText.Clean(text));
    }
}
