#!/usr/bin/env python3
"""Writes a Qwen2-family tokenizer folder (tokenizer.json in the exact Hugging Face `tokenizers` format,
tokenizer_config.json with the Qwen2.5-Instruct chat template).

Qwen2.5 ships a byte-level BPE whose pipeline differs from GPT-2's: an NFC normalizer, a Split pre-tokenizer with
Qwen2's own pattern (digits one by one, a letter run may take one leading non-letter, newlines grouped) followed by
ByteLevel without its regex, and ChatML special tokens. This fixture keeps that pipeline exactly and takes the
byte-level vocabulary and merges of the real SmolLM2 tokenizer (../shared/models; override with RAG_SHARED_MODELS),
whose first ids are already <|endoftext|>, <|im_start|>, <|im_end|>; it adds Qwen's non-special <tool_call> tokens.

    /usr/bin/python3 make_qwen2_tokenizer.py --out generated/qwen2-tokenizer
"""
import argparse
import json
import os

SHARED_MODELS = os.environ.get("RAG_SHARED_MODELS", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "models"))
SOURCE = "SmolLM2-135M-Instruct"

QWEN2_PATTERN = r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"""
BYTE_LEVEL = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False}

# The chat template of Qwen2.5-*-Instruct's tokenizer_config.json.
QWEN25_CHAT_TEMPLATE = (
    "{%- if tools %}\n"
    "    {{- '<|im_start|>system\\n' }}\n"
    "    {%- if messages[0]['role'] == 'system' %}\n"
    "        {{- messages[0]['content'] }}\n"
    "    {%- else %}\n"
    "        {{- 'You are Qwen, created by Alibaba Cloud. You are a helpful assistant.' }}\n"
    "    {%- endif %}\n"
    "    {{- \"\\n\\n# Tools\\n\\nYou may call one or more functions to assist with the user query.\\n\\nYou are provided with function signatures within <tools></tools> XML tags:\\n<tools>\" }}\n"
    "    {%- for tool in tools %}\n"
    "        {{- \"\\n\" }}\n"
    "        {{- tool | tojson }}\n"
    "    {%- endfor %}\n"
    "    {{- \"\\n</tools>\\n\\nFor each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\\n<tool_call>\\n{\\\"name\\\": <function-name>, \\\"arguments\\\": <args-json-object>}\\n</tool_call><|im_end|>\\n\" }}\n"
    "{%- else %}\n"
    "    {%- if messages[0]['role'] == 'system' %}\n"
    "        {{- '<|im_start|>system\\n' + messages[0]['content'] + '<|im_end|>\\n' }}\n"
    "    {%- else %}\n"
    "        {{- '<|im_start|>system\\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\\n' }}\n"
    "    {%- endif %}\n"
    "{%- endif %}\n"
    "{%- for message in messages %}\n"
    "    {%- if (message.role == \"user\") or (message.role == \"system\" and not loop.first) or (message.role == \"assistant\" and not message.tool_calls) %}\n"
    "        {{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>' + '\\n' }}\n"
    "    {%- elif message.role == \"assistant\" %}\n"
    "        {{- '<|im_start|>' + message.role }}\n"
    "        {%- if message.content %}\n"
    "            {{- '\\n' + message.content }}\n"
    "        {%- endif %}\n"
    "        {%- for tool_call in message.tool_calls %}\n"
    "            {%- if tool_call.function is defined %}\n"
    "                {%- set tool_call = tool_call.function %}\n"
    "            {%- endif %}\n"
    "            {{- '\\n<tool_call>\\n{\"name\": \"' }}\n"
    "            {{- tool_call.name }}\n"
    "            {{- '\", \"arguments\": ' }}\n"
    "            {{- tool_call.arguments | tojson }}\n"
    "            {{- '}\\n</tool_call>' }}\n"
    "        {%- endfor %}\n"
    "        {{- '<|im_end|>\\n' }}\n"
    "    {%- elif message.role == \"tool\" %}\n"
    "        {%- if (loop.index0 == 0) or (messages[loop.index0 - 1].role != \"tool\") %}\n"
    "            {{- '<|im_start|>user' }}\n"
    "        {%- endif %}\n"
    "        {{- '\\n<tool_response>\\n' }}\n"
    "        {{- message.content }}\n"
    "        {{- '\\n</tool_response>' }}\n"
    "        {%- if loop.last or (messages[loop.index0 + 1].role != \"tool\") %}\n"
    "            {{- '<|im_end|>\\n' }}\n"
    "        {%- endif %}\n"
    "    {%- endif %}\n"
    "{%- endfor %}\n"
    "{%- if add_generation_prompt %}\n"
    "    {{- '<|im_start|>assistant\\n' }}\n"
    "{%- endif %}\n"
)


def added(token_id, content, special):
    return {"id": token_id, "content": content, "single_word": False, "lstrip": False, "rstrip": False,
            "normalized": False, "special": special}


def build():
    tokenizer = json.load(open(os.path.join(SHARED_MODELS, SOURCE, "tokenizer.json"), encoding="utf-8"))
    vocab_size = len(tokenizer["model"]["vocab"])
    tokenizer["normalizer"] = {"type": "NFC"}
    tokenizer["pre_tokenizer"] = {"type": "Sequence", "pretokenizers": [
        {"type": "Split", "pattern": {"Regex": QWEN2_PATTERN}, "behavior": "Isolated", "invert": False},
        BYTE_LEVEL,
    ]}
    tokenizer["post_processor"] = dict(BYTE_LEVEL)
    tokenizer["decoder"] = dict(BYTE_LEVEL)
    tokenizer["model"]["ignore_merges"] = False
    tokenizer["added_tokens"] += [added(vocab_size, "<tool_call>", False), added(vocab_size + 1, "</tool_call>", False)]
    config = {
        "add_prefix_space": False, "bos_token": None, "chat_template": QWEN25_CHAT_TEMPLATE,
        "clean_up_tokenization_spaces": False, "eos_token": "<|im_end|>", "errors": "replace",
        "model_max_length": 131072, "pad_token": "<|endoftext|>", "split_special_tokens": False,
        "tokenizer_class": "Qwen2Tokenizer", "unk_token": None,
    }
    return tokenizer, config


def write(folder):
    """Writes tokenizer.json and tokenizer_config.json into folder; returns (bos, eos, vocabulary size with added tokens)."""
    os.makedirs(folder, exist_ok=True)
    tokenizer, config = build()
    with open(os.path.join(folder, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer, f, ensure_ascii=False)
    with open(os.path.join(folder, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump(config, f, ensure_ascii=False, indent=1)
    ids = {t["content"]: t["id"] for t in tokenizer["added_tokens"]}
    return ids["<|endoftext|>"], ids["<|im_end|>"], max(ids.values()) + 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    write(parser.parse_args().out)


if __name__ == "__main__":
    main()
