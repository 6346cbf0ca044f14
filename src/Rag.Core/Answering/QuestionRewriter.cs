using Microsoft.Extensions.AI;
using Rag.Contracts;
using Rag.Core.Text;

namespace Rag.Core.Answering;

/// <summary>Turns a follow-up that refers back ("and its seal?", "how does it work?", "它的价格呢？") into a standalone
/// question before retrieval: with an LLM by asking it, without one (see <see cref="LlmSlot"/>) by prefixing the
/// previous user question, which keeps the conversation's key terms for keyword search. A question that stands on
/// its own is used as it is, so an off-topic question after a conversation is not pulled back to the old topic.</summary>
public sealed class QuestionRewriter(LlmSlot llm)
{
    private static readonly HashSet<string> ReferringWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "it", "its", "they", "them", "their", "theirs", "this", "that", "these", "those", "he", "him", "his", "she", "her",
        "hers", "one", "ones", "former", "latter", "same", "above", "previous", "earlier", "mentioned",
    };
    private static readonly string[] ReferringStarts = ["and ", "and,", "what about ", "how about ", "also ", "or ", "but ", "then "];
    private static readonly string[] CjkReferringWords = ["它", "他们", "她们", "他", "她", "这个", "那个", "这些", "那些", "这种", "那种", "该", "其", "此"];
    private static readonly string[] CjkReferringStarts = ["那", "还有", "而", "另外", "以及", "和"];
    /// <summary>A question with fewer content terms than this ("Why?", "How much?") leans on the conversation.</summary>
    private const int MinStandaloneTerms = 2;

    public async Task<string> StandaloneAsync(IReadOnlyList<ConversationMessage> conversation, string question, CancellationToken cancellationToken)
    {
        if (conversation.Count == 0 || !RefersBack(question)) return question;
        var fallback = Concatenated(conversation, question);
        var chat = llm.Now.Client;
        if (chat is null) return fallback;

        var response = await chat.GetResponseAsync(AnswerPrompt.Rewrite(conversation, question),
            new ChatOptions { Temperature = 0, MaxOutputTokens = 128 }, cancellationToken);
        var rewritten = response.Text.Trim().Split('\n', 2)[0].Trim();
        return rewritten.Length == 0 ? fallback : rewritten;
    }

    /// <summary>Whether the question needs the conversation to be understood: a pronoun or demonstrative, an opening
    /// that continues ("and …", "what about …", "那…呢"), or too few content terms of its own.</summary>
    public static bool RefersBack(string question)
    {
        var text = question.Trim();
        if (TermNormalizer.Terms(text).Count < MinStandaloneTerms) return true;
        if (text.Any(TermNormalizer.IsCjk))
            return CjkReferringWords.Any(text.Contains) || CjkReferringStarts.Any(text.StartsWith);
        var lower = text.ToLowerInvariant();
        if (ReferringStarts.Any(lower.StartsWith)) return true;
        var words = lower.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(w => w.Trim(',', '.', '?', '!', ':', ';', '"', '\'', '(', ')'));
        return words.Any(ReferringWords.Contains);
    }

    private static string Concatenated(IReadOnlyList<ConversationMessage> conversation, string question)
    {
        var previous = conversation.LastOrDefault(t => t.Role.Equals("user", StringComparison.OrdinalIgnoreCase));
        return previous is null ? question : $"{previous.Content.Trim()} {question}";
    }
}
