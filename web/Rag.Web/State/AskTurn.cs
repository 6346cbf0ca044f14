using System.Text.Json;
using System.Text;
using Rag.Web.Api;
using Rag.Web.Text;

namespace Rag.Web.State;

/// <summary>One question of a conversation and its answer, which fills in as it streams.</summary>
public sealed class AskTurn(string question)
{
    private readonly StringBuilder _streamed = new();

    /// <summary>A turn saved earlier, with the answer as the service returned it.</summary>
    public static AskTurn Saved(SavedTurn saved)
    {
        var turn = new AskTurn(saved.Question);
        turn.Complete(saved.Answer.Deserialize<AskResponse>(RagApi.Json)!);
        return turn;
    }

    public string Question { get; } = question;
    public AskResponse? Answer { get; private set; }
    public string? Error { get; private set; }
    public bool InProgress => Answer is null && Error is null && !Stopped;
    /// <summary>The person stopped the answer while it streamed; what came so far stays, unverified and unsaved.</summary>
    public bool Stopped { get; private set; }
    public string Text => Answer?.Answer ?? _streamed.ToString();
    public IReadOnlyList<Citation> Citations => Answer?.Citations ?? [];
    public IReadOnlyList<Source> Sources => Answer?.Sources ?? [];
    /// <summary>The sources the answer cites: those with a citation or an [n] in the text.</summary>
    public IReadOnlyList<Source> CitedSources => Sources.Where(s => CitedNumbers.Contains(s.N)).ToList();
    /// <summary>Sources retrieved but not cited, which are not support for the answer.</summary>
    public IReadOnlyList<Source> UncitedSources => Sources.Where(s => !CitedNumbers.Contains(s.N)).ToList();

    private HashSet<int> CitedNumbers =>
        Citations.Select(c => c.N).Concat(AnswerText.Parse(Text).Select(p => p.CitationNumber).OfType<int>()).ToHashSet();
    /// <summary>The documents do not answer; an LLM answer that cites nothing is shown instead, with its warning.</summary>
    public bool NotFound => Answer is { Grounded: false, Answer: AskResponse.NotFound };

    public void Append(string token) => _streamed.Append(token);
    public void Complete(AskResponse answer) => Answer = answer;
    public void Fail(string error) => Error = error;
    public void Stop() => Stopped = true;

    /// <summary>The answer as plain text for the clipboard, with its citations spelled out.</summary>
    public string ForClipboard()
    {
        var text = new StringBuilder(Text);
        if (Citations.Count > 0) text.AppendLine().AppendLine();
        foreach (var c in Citations) text.AppendLine($"[{c.N}] {c.FileName}, page {c.Page}");
        return text.ToString().TrimEnd();
    }
}
