using Rag.Contracts;
using Rag.Core.Answering;

namespace Rag.Core.Tests.Answering;

public class QuestionRewriterTests
{
    private static readonly QuestionRewriter Rules = new(new LlmSlot(new LlmStatus(LlmState.Disabled, "none", null)));
    private static readonly ConversationMessage[] AboutSvms =
        [new("user", "How do support vector machines choose the margin?"), new("assistant", "They maximise it [1].")];

    [Theory]
    [InlineData("And the second one?")]
    [InlineData("How is it trained?")]
    [InlineData("What about their kernels?")]
    [InlineData("Why?")]
    public async Task A_follow_up_that_refers_back_is_joined_to_the_previous_question(string followUp)
    {
        var standalone = await Rules.StandaloneAsync(AboutSvms, followUp, CancellationToken.None);
        Assert.Equal($"How do support vector machines choose the margin? {followUp}", standalone);
    }

    [Theory]
    [InlineData("What is the capital of Australia?")]
    [InlineData("Which datasets were used for the naive Bayes experiments?")]
    public async Task A_question_that_stands_on_its_own_is_used_as_it_is(string question)
    {
        Assert.Equal(question, await Rules.StandaloneAsync(AboutSvms, question, CancellationToken.None));
    }

    [Fact]
    public async Task Chinese_follow_ups_are_told_from_new_questions()
    {
        ConversationMessage[] conversation = [new("user", "知识库是什么？"), new("assistant", "知识库是存放文档的系统 [1]。")];

        Assert.Equal("知识库是什么？ 它怎么收费？", await Rules.StandaloneAsync(conversation, "它怎么收费？", CancellationToken.None));
        Assert.Equal("知识库是什么？ 那价格呢？", await Rules.StandaloneAsync(conversation, "那价格呢？", CancellationToken.None));
        Assert.Equal("澳大利亚的首都在哪里？", await Rules.StandaloneAsync(conversation, "澳大利亚的首都在哪里？", CancellationToken.None));
    }
}
