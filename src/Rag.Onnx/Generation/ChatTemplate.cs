using System.Text;

namespace Rag.Onnx.Generation;

/// <summary>Formats a conversation the way the model was trained to read it, ending with the assistant's turn open.
/// ChatML (SmolLM2, Qwen): &lt;|im_start|&gt;role\n…&lt;|im_end|&gt;\n. Llama 3: &lt;|start_header_id|&gt;role&lt;|end_header_id|&gt;\n\n…&lt;|eot_id|&gt;.</summary>
public sealed class ChatTemplate
{
    public enum Format { ChatML, Llama3 }

    public Format Kind { get; }
    /// <summary>The text that ends an assistant turn; generation stops on it.</summary>
    public string EndOfTurn => Kind == Format.ChatML ? "<|im_end|>" : "<|eot_id|>";

    private ChatTemplate(Format kind) => Kind = kind;

    /// <summary>Chooses by the folder's chat_template text when there is one, else by the special tokens the vocabulary has.</summary>
    public static ChatTemplate Detect(string? chatTemplate, IReadOnlyCollection<string> specialTokens)
    {
        if (chatTemplate?.Contains("<|start_header_id|>") == true || (chatTemplate is null && specialTokens.Contains("<|start_header_id|>")))
            return new ChatTemplate(Format.Llama3);
        if (chatTemplate?.Contains("<|im_start|>") == true || specialTokens.Contains("<|im_start|>"))
            return new ChatTemplate(Format.ChatML);
        throw new NotSupportedException("The model folder's chat template is neither ChatML nor Llama 3 style.");
    }

    public string Render(IEnumerable<(string Role, string Content)> messages)
    {
        var text = new StringBuilder(Kind == Format.Llama3 ? "<|begin_of_text|>" : "");
        foreach (var (role, content) in messages)
            text.Append(Kind == Format.ChatML
                ? $"<|im_start|>{role}\n{content}<|im_end|>\n"
                : $"<|start_header_id|>{role}<|end_header_id|>\n\n{content.Trim()}<|eot_id|>");
        text.Append(Kind == Format.ChatML ? "<|im_start|>assistant\n" : "<|start_header_id|>assistant<|end_header_id|>\n\n");
        return text.ToString();
    }
}
