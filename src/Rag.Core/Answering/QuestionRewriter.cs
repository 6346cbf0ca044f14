using Microsoft.Extensions.AI;

namespace Rag.Core.Answering;

/// <summary>Turns a follow-up ("and its seal?") into a standalone question before retrieval: with an LLM by asking it,
/// without one (see <see cref="LlmSlot"/>) by prefixing the previous user question, which keeps the conversation's key terms for keyword search.</summary>
public sealed class QuestionRewriter(LlmSlot llm)
{
    public async Task<string> StandaloneAsync(IReadOnlyList<ConversationTurn> conversation, string question, CancellationToken cancellationToken)
    {
        if (conversation.Count == 0) return question;
        var fallback = Concatenated(conversation, question);
        var chat = llm.Now.Client;
        if (chat is null) return fallback;

        var response = await chat.GetResponseAsync(AnswerPrompt.Rewrite(conversation, question),
            new ChatOptions { Temperature = 0, MaxOutputTokens = 128 }, cancellationToken);
        var rewritten = response.Text.Trim().Split('\n', 2)[0].Trim();
        return rewritten.Length == 0 ? fallback : rewritten;
    }

    private static string Concatenated(IReadOnlyList<ConversationTurn> conversation, string question)
    {
        var previous = conversation.LastOrDefault(t => t.Role.Equals("user", StringComparison.OrdinalIgnoreCase));
        return previous is null ? question : $"{previous.Content.Trim()} {question}";
    }
}
