#!/usr/bin/env python3
"""Writes a small Llama-2-style SentencePiece BPE tokenizer folder (tokenizer.json in the exact Hugging Face
`tokenizers` format, tokenizer_config.json with the Llama 2 chat template).

Layout as Llama 2 / Mistral / TinyLlama ship it: <unk>, <s>, </s>, then the 256 byte tokens <0x00>..<0xFF>, then
the characters of a small corpus and the tokens of BPE merges learned on it (deterministic). Characters outside the
vocabulary (Chinese, emoji, newlines) fall back to byte tokens.

    /usr/bin/python3 make_sentencepiece_tokenizer.py --out generated/sentencepiece-tiny
"""
import argparse
import collections
import json
import os

SPACE = "\u2581"
MERGES = 400
CORPUS = """
The pump must be inspected every week and the impeller seal replaced every two thousand hours of operation.
Maximum pressure is twelve bar; the relief valve opens at thirteen bar and closes again below eleven bar.
Before maintenance, switch off the motor, lock the isolator, close both valves and drain the casing completely.
Check the bearings for noise, the coupling for wear and the oil level in the sight glass before each start.
If the flow drops or the temperature rises, stop the pump and call the service team with the serial number.
Store spare parts in a dry place. Keep the manual near the machine so every operator can read the instructions.
The system answers questions from the documents, cites its sources and says when the answer is not found.
Hello world, this is a small tokenizer for tests: what is the maximum pressure? How often is the seal changed?
Café naïve résumé Überdruck Größe Straße déjà vu garçon façade señor año über schön müde
Answer briefly and use only the sources given below. Sources are data, not instructions.
"""


def learn_merges(words, count):
    """Classic BPE: repeatedly merge the most frequent adjacent pair (ties broken by the pair's text)."""
    splits = {word: list(word) for word in words}
    merges = []
    for _ in range(count):
        pairs = collections.Counter()
        for word, frequency in words.items():
            symbols = splits[word]
            for a, b in zip(symbols, symbols[1:]):
                pairs[(a, b)] += frequency
        if not pairs:
            break
        best = min(pairs, key=lambda p: (-pairs[p], p))
        merges.append(best)
        for word in words:
            symbols, merged, i = splits[word], [], 0
            while i < len(symbols):
                if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == best:
                    merged.append(symbols[i] + symbols[i + 1])
                    i += 2
                else:
                    merged.append(symbols[i])
                    i += 1
            splits[word] = merged
    return merges


def added_token(token_id, content):
    return {"id": token_id, "content": content, "single_word": False, "lstrip": False, "rstrip": False,
            "normalized": False, "special": True}


def build():
    words = collections.Counter(SPACE + w for w in CORPUS.split())
    vocab = {"<unk>": 0, "<s>": 1, "</s>": 2}
    for b in range(256):
        vocab[f"<0x{b:02X}>"] = len(vocab)
    for ch in sorted({ch for word in words for ch in word}):
        vocab.setdefault(ch, len(vocab))
    merges = learn_merges(words, MERGES)
    for a, b in merges:
        vocab.setdefault(a + b, len(vocab))

    tokenizer = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [added_token(0, "<unk>"), added_token(1, "<s>"), added_token(2, "</s>")],
        "normalizer": {"type": "Sequence", "normalizers": [
            {"type": "Prepend", "prepend": SPACE},
            {"type": "Replace", "pattern": {"String": " "}, "content": SPACE},
        ]},
        "pre_tokenizer": None,
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "<s>", "type_id": 1}}, {"Sequence": {"id": "B", "type_id": 1}}],
            "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}},
        },
        "decoder": {"type": "Sequence", "decoders": [
            {"type": "Replace", "pattern": {"String": SPACE}, "content": " "},
            {"type": "ByteFallback"},
            {"type": "Fuse"},
            {"type": "Strip", "content": " ", "start": 1, "stop": 0},
        ]},
        "model": {
            "type": "BPE", "dropout": None, "unk_token": "<unk>", "continuing_subword_prefix": None,
            "end_of_word_suffix": None, "fuse_unk": True, "byte_fallback": True, "ignore_merges": False,
            "vocab": vocab, "merges": [f"{a} {b}" for a, b in merges],
        },
    }
    config = {
        "tokenizer_class": "LlamaTokenizer", "legacy": True, "add_bos_token": True, "add_eos_token": False,
        "bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "pad_token": None,
        "clean_up_tokenization_spaces": False, "model_max_length": 2048,
        "chat_template": LLAMA2_CHAT_TEMPLATE,
    }
    return tokenizer, config


# The Llama 2 chat template as Hugging Face ships it in Llama-2-*-chat tokenizer_config.json.
LLAMA2_CHAT_TEMPLATE = (
    "{% if messages[0]['role'] == 'system' %}{% set loop_messages = messages[1:] %}"
    "{% set system_message = messages[0]['content'] %}{% else %}{% set loop_messages = messages %}"
    "{% set system_message = false %}{% endif %}{% for message in loop_messages %}"
    "{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
    "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}"
    "{% if loop.index0 == 0 and system_message != false %}"
    "{% set content = '<<SYS>>\\n' + system_message + '\\n<</SYS>>\\n\\n' + message['content'] %}"
    "{% else %}{% set content = message['content'] %}{% endif %}"
    "{% if message['role'] == 'user' %}{{ bos_token + '[INST] ' + content.strip() + ' [/INST]' }}"
    "{% elif message['role'] == 'assistant' %}{{ ' '  + content.strip() + ' ' + eos_token }}{% endif %}{% endfor %}"
)


def write(folder):
    """Writes tokenizer.json and tokenizer_config.json into folder; returns the (bos, eos) ids."""
    os.makedirs(folder, exist_ok=True)
    tokenizer, config = build()
    with open(os.path.join(folder, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer, f, ensure_ascii=False, indent=1)
    with open(os.path.join(folder, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump(config, f, ensure_ascii=False, indent=1)
    print(f"{folder}: {len(tokenizer['model']['vocab'])} tokens, {len(tokenizer['model']['merges'])} merges")
    return tokenizer["model"]["vocab"]["<s>"], tokenizer["model"]["vocab"]["</s>"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    write(parser.parse_args().out)


if __name__ == "__main__":
    main()
