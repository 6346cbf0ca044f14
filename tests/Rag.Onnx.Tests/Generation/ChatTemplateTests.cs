using System.Text.Json.Nodes;
using Rag.Onnx.Generation;
using Rag.Onnx.Tests.Support;

namespace Rag.Onnx.Tests.Generation;

/// <summary>Each chat format renders a two-turn conversation with a system message exactly as transformers.js's Jinja
/// apply_chat_template does with the format's published template, and the prompt's ids equal transformers.js's.</summary>
public sealed class ChatTemplateTests
{
    private static readonly (string Role, string Content)[] Conversation =
    [
        ("system", "Answer briefly from the sources."),
        ("user", "What is the maximum pressure?"),
        ("assistant", "Twelve bar [1]."),
        ("user", "Und die Temperatur? 温度?"),
    ];

    // SmolLM2-Instruct's template.
    private const string ChatMLTemplate =
        "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}{{ '<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n' }}{% endif %}"
        + "{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}"
        + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}";

    // Llama-3-Instruct's template, with its bos_token written out.
    private const string Llama3Template =
        "{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n'+ message['content'] | trim + '<|eot_id|>' %}"
        + "{% if loop.index0 == 0 %}{% set content = '<|begin_of_text|>' + content %}{% endif %}{{ content }}{% endfor %}"
        + "{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\n\n' }}{% endif %}";

    [Fact]
    public void ChatML_equals_transformers_js_with_the_real_smollm2_ids()
    {
        var folder = TokenizerFixtures.ByteLevel;
        var tokenizer = DecoderTokenizer.FromFile(Path.Combine(folder, "tokenizer.json"));
        var template = ChatTemplate.Detect(null, tokenizer.SpecialTokens);
        Assert.Equal(ChatTemplate.Format.ChatML, template.Kind);

        var text = template.Render(Conversation);
        Assert.Equal(ReferenceJs.Chat(folder, Conversation, ChatMLTemplate), text);
        Assert.StartsWith("<|im_start|>system\nAnswer briefly from the sources.<|im_end|>\n<|im_start|>user\n", text);
        Assert.Equal(ReferenceJs.Tokenize(folder, [text], addSpecialTokens: false)[0], tokenizer.Encode(text));
    }

    [Fact]
    public void Llama3_equals_transformers_js()
    {
        var text = ChatTemplate.Detect(Llama3Template, []).Render(Conversation);
        Assert.Equal(ReferenceJs.Chat(TokenizerFixtures.ByteLevel, Conversation, Llama3Template), text);
        Assert.EndsWith("<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n", text);
    }

    [Fact]
    public void Llama2_equals_transformers_js_with_the_folders_template_and_sentencepiece_ids()
    {
        var folder = TokenizerFixtures.SentencePiece;
        var folderTemplate = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "tokenizer_config.json")))!["chat_template"]!.GetValue<string>();
        var tokenizer = DecoderTokenizer.FromFile(Path.Combine(folder, "tokenizer.json"));
        var template = ChatTemplate.Detect(folderTemplate, tokenizer.SpecialTokens);
        Assert.Equal(ChatTemplate.Format.Llama2, template.Kind);

        var text = template.Render(Conversation);
        Assert.Equal(
            "<s>[INST] <<SYS>>\nAnswer briefly from the sources.\n<</SYS>>\n\nWhat is the maximum pressure? [/INST] Twelve bar [1]. </s>"
            + "<s>[INST] Und die Temperatur? 温度? [/INST]", text);
        Assert.Equal(ReferenceJs.Chat(folder, Conversation), text);

        var ids = tokenizer.Encode(text);
        Assert.Equal(ReferenceJs.Tokenize(folder, [text], addSpecialTokens: false)[0], ids);
        Assert.Equal(2, ids.Count(id => id == tokenizer.SpecialId("<s>")));
        Assert.Equal(1, ids.Count(id => id == tokenizer.SpecialId(template.EndOfTurn)));
    }
}
