using System.Text;
using System.Text.RegularExpressions;

namespace Rag.Onnx.Generation;

/// <summary>Formats a conversation the way the model was trained to read it, ending with the assistant's turn open.
/// ChatML (SmolLM2, Qwen): &lt;|im_start|&gt;role\n…&lt;|im_end|&gt;\n. Llama 3: &lt;|start_header_id|&gt;role&lt;|end_header_id|&gt;\n\n…&lt;|eot_id|&gt;.
/// Llama 2: &lt;s&gt;[INST] &lt;&lt;SYS&gt;&gt;\nsystem\n&lt;&lt;/SYS&gt;&gt;\n\nuser [/INST] assistant &lt;/s&gt;, as Hugging Face's Llama 2 chat template writes it.
/// A ChatML template's default system message (Qwen2.5: "You are Qwen, created by Alibaba Cloud. …") opens a
/// conversation that has none.</summary>
public sealed class ChatTemplate
{
    public enum Format { ChatML, Llama3, Llama2 }

    public Format Kind { get; }
    public string? DefaultSystem { get; }
    /// <summary>The text that ends an assistant turn; generation stops on it.</summary>
    public string EndOfTurn => Kind switch { Format.ChatML => "<|im_end|>", Format.Llama3 => "<|eot_id|>", _ => "</s>" };

    // '<|im_start|>system\n' + 'literal text' + '<|im_end|>' in the Jinja source, the newline escaped or not.
    private static readonly Regex ChatMLDefaultSystem = new(@"<\|im_start\|>system(?:\\n|\n)(?<text>[^'""{}<\\]+)<\|im_end\|>");

    private ChatTemplate(Format kind, string? defaultSystem = null)
    {
        Kind = kind;
        DefaultSystem = defaultSystem;
    }

    /// <summary>Chooses by the folder's chat_template text when there is one, else by the special tokens the vocabulary has.</summary>
    public static ChatTemplate Detect(string? chatTemplate, IReadOnlyCollection<string> specialTokens)
    {
        if (chatTemplate?.Contains("<|start_header_id|>") == true || (chatTemplate is null && specialTokens.Contains("<|start_header_id|>")))
            return new ChatTemplate(Format.Llama3);
        if (chatTemplate?.Contains("<|im_start|>") == true || specialTokens.Contains("<|im_start|>"))
            return new ChatTemplate(Format.ChatML, chatTemplate is null ? null : ChatMLDefaultSystem.Match(chatTemplate) is { Success: true } m ? m.Groups["text"].Value : null);
        if (chatTemplate?.Contains("[INST]") == true)
            return new ChatTemplate(Format.Llama2);
        throw new NotSupportedException("The model folder's chat template is neither ChatML, Llama 3 nor Llama 2 style.");
    }

    public string Render(IEnumerable<(string Role, string Content)> messages) =>
        Kind == Format.Llama2 ? RenderLlama2(messages.ToList()) : RenderHeaders(messages);

    private string RenderHeaders(IEnumerable<(string Role, string Content)> messages)
    {
        var text = new StringBuilder(Kind == Format.Llama3 ? "<|begin_of_text|>" : "");
        var list = messages.ToList();
        if (DefaultSystem is not null && (list.Count == 0 || list[0].Role != "system")) list.Insert(0, ("system", DefaultSystem));
        foreach (var (role, content) in list)
            text.Append(Kind == Format.ChatML
                ? $"<|im_start|>{role}\n{content}<|im_end|>\n"
                : $"<|start_header_id|>{role}<|end_header_id|>\n\n{content.Trim()}<|eot_id|>");
        text.Append(Kind == Format.ChatML ? "<|im_start|>assistant\n" : "<|start_header_id|>assistant<|end_header_id|>\n\n");
        return text.ToString();
    }

    /// <summary>The system message is folded into the first user turn; the prompt ends after the last " [/INST]".</summary>
    private static string RenderLlama2(List<(string Role, string Content)> messages)
    {
        var system = messages.Count > 0 && messages[0].Role == "system" ? messages[0].Content : null;
        var text = new StringBuilder();
        var first = true;
        foreach (var (role, content) in messages.Skip(system is null ? 0 : 1))
        {
            var body = first && system is not null ? $"<<SYS>>\n{system}\n<</SYS>>\n\n{content}" : content;
            first = false;
            if (role == "user") text.Append($"<s>[INST] {body.Trim()} [/INST]");
            else if (role == "assistant") text.Append($" {body.Trim()} </s>");
        }
        return text.ToString();
    }
}
