using Rag.Eval.Answers;

namespace Rag.Bench.Tests.Evaluation;

public class AnswerEvaluationTests
{
    [Theory]
    [InlineData("They were conquered by the Normans in 1066.", "the Normans", true)]
    [InlineData("It happened in the 10th and 11th centuries.", "10th and 11th centuries", true)]
    [InlineData("Rollo's descendants.", "Rollo", false)] // "rollos" after punctuation is removed: not the word
    [InlineData("The Norse settled there.", "Normans", false)]
    [InlineData("知识库是一个存储文档的系统。", "存储文档", true)]
    public void Gold_answers_match_after_the_squad_normalisation(string answer, string gold, bool expected) =>
        Assert.Equal(expected, GoldMatch.Contains(answer, [gold]));

    [Fact]
    public void Options_refuse_what_they_cannot_honour()
    {
        var squad = Path.GetTempFileName();
        try
        {
            var options = AnswerOptions.Parse(["--squad", squad, "--limit", "400", "--mode", "vector", "--off-topic", "100", "--settle", "30"]);
            Assert.Equal((400, "vector", 100, 0.05, 30), (options.Limit!.Value, options.Mode, options.OffTopic, options.MaxLoss, options.Settle));
            Assert.Equal(0, AnswerOptions.Parse(["--squad", squad]).Settle);
            Assert.Throws<ArgumentException>(() => AnswerOptions.Parse(["--squad", squad, "--settle", "soon"]));
            Assert.Throws<ArgumentException>(() => AnswerOptions.Parse(["--squad", squad, "--mode", "hybrid", "--model", "none"]));
            Assert.Throws<ArgumentException>(() => AnswerOptions.Parse(["--squad", squad, "--limit", "0"]));
            Assert.Throws<ArgumentException>(() => AnswerOptions.Parse(["--limit", "10"]));
        }
        finally
        {
            File.Delete(squad);
        }
    }
}
