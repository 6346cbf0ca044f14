using Rag.Core.Text;

namespace Rag.Core.Tests.Text;

public class TermNormalizerTests
{
    [Fact]
    public void Chinese_question_words_do_not_count_as_terms()
    {
        Assert.Equal(["知识", "识库"], TermNormalizer.Terms("知识库是什么？").Order());
        Assert.Superset(TermNormalizer.Terms("知识库是什么？"), TermNormalizer.Terms("知识库是一个存储和检索文档的系统。"));
    }

    [Fact]
    public void Japanese_particles_split_runs_of_characters()
    {
        Assert.Equal(["東京", "首都"], TermNormalizer.Terms("東京は首都ですか").Order());
    }

    [Fact]
    public void English_stop_words_are_dropped_and_plurals_folded()
    {
        Assert.Equal(["pump", "seal"], TermNormalizer.Terms("What are the seals of the pumps?").Order());
    }
}
