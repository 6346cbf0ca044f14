using Rag.Core.Answering;

namespace Rag.Core.Tests.Answering;

public class AnswerTypeTests
{
    [Theory]
    [InlineData("When was the company founded?", AnswerType.Kind.Date)]
    [InlineData("In what year did the war end?", AnswerType.Kind.Date)]
    [InlineData("这家公司是哪一年成立的？", AnswerType.Kind.Date)]
    [InlineData("How many engineers work on the pump?", AnswerType.Kind.Number)]
    [InlineData("知识库有多少文档？", AnswerType.Kind.Number)]
    [InlineData("Who designed the bridge?", AnswerType.Kind.Person)]
    [InlineData("What does the pump do?", AnswerType.Kind.Any)]
    [InlineData("When the election produced a majority, what was it the first occurrence of?", AnswerType.Kind.Any)]
    public void The_question_wording_says_what_kind_of_answer_it_asks_for(string question, AnswerType.Kind expected) =>
        Assert.Equal(expected, AnswerType.Expected(question));

    [Theory]
    [InlineData(AnswerType.Kind.Date, "The company was founded in 1998 in Oslo.", true)]
    [InlineData(AnswerType.Kind.Date, "It was founded in the early 19th century.", true)]
    [InlineData(AnswerType.Kind.Date, "The company was founded by two engineers in Oslo.", false)]
    [InlineData(AnswerType.Kind.Number, "Twelve engineers maintain the pump.", true)]
    [InlineData(AnswerType.Kind.Number, "Engineers maintain the pump.", false)]
    [InlineData(AnswerType.Kind.Person, "The bridge was designed by Gustave Eiffel.", true)]
    [InlineData(AnswerType.Kind.Person, "The bridge was designed by a local firm.", false)]
    public void A_sentence_holds_that_kind_of_answer_or_not(AnswerType.Kind kind, string sentence, bool holds) =>
        Assert.Equal(holds, AnswerType.Holds(kind, sentence));
}
