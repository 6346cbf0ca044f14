#!/usr/bin/env python3
"""Generates Llama-architecture decoder folders in the Optimum / onnxruntime-genai KV-cache export format, with the
REAL SmolLM2 tokenizer and config files and seeded random weights; also a numpy reference implementation.

Graph inputs: input_ids, attention_mask, position_ids (int64), past_key_values.{i}.key/value
[batch, kv_heads, past, head_dim]; outputs: logits [batch, seq, vocab], present.{i}.key/value.
Math: RMSNorm, rotary embeddings (rotate-half), grouped-query attention with causal + padding mask, SiLU-gated MLP,
tied input/output embeddings.

  generate_llama.py --out DIR                 # small test folder (2 layers, hidden 64, 4 heads, 2 KV heads)
  generate_llama.py --out DIR --faithful      # SmolLM2-135M shape (30 layers, hidden 576, 9 heads, 3 KV heads)
  generate_llama.py --out DIR --sentencepiece # small test folder with the Llama 2 style tokenizer of make_sentencepiece_tokenizer.py
  generate_llama.py --out DIR --qwen2         # small test folder with the Qwen2-family tokenizer of make_qwen2_tokenizer.py
  generate_llama.py --genai FOLDER --out DIR # FOLDER's files (hard links) in ONNX Runtime GenAI's layout: + genai_config.json
  generate_llama.py --reference FOLDER --ids 1,2,3 --new 16   # numpy greedy decode, full recomputation, JSON out
"""
import argparse
import json
import os
import shutil

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

import make_qwen2_tokenizer
import make_sentencepiece_tokenizer

SHARED_MODELS = os.environ.get("RAG_SHARED_MODELS", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "models"))
TEMPLATE = "SmolLM2-135M-Instruct"
OPSET = 17
EPS = 1e-5


class Graph:
    def __init__(self):
        self.nodes, self.initializers, self._next = [], [], 0

    def const(self, name, array):
        self.initializers.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    def op(self, op_type, inputs, **attrs):
        self._next += 1
        out = f"/{op_type}_{self._next}"
        self.nodes.append(helper.make_node(op_type, inputs, [out], name=out + "_node", **attrs))
        return out


def weights(dims, seed):
    layers, hidden, heads, kv_heads, intermediate, vocab = dims
    head_dim = hidden // heads
    rng = np.random.default_rng(seed)

    def w(shape, std):
        return (rng.standard_normal(shape) * std).astype(np.float32)

    params = {"model.embed_tokens.weight": w((vocab, hidden), 0.5), "model.norm.weight": (1 + w((hidden,), 0.1))}
    for i in range(layers):
        p = f"model.layers.{i}."
        params[p + "input_layernorm.weight"] = 1 + w((hidden,), 0.1)
        params[p + "post_attention_layernorm.weight"] = 1 + w((hidden,), 0.1)
        # Stored as [in, out] so that x @ W is the projection.
        params[p + "self_attn.q_proj.weight"] = w((hidden, heads * head_dim), hidden ** -0.5)
        params[p + "self_attn.k_proj.weight"] = w((hidden, kv_heads * head_dim), hidden ** -0.5)
        params[p + "self_attn.v_proj.weight"] = w((hidden, kv_heads * head_dim), hidden ** -0.5)
        params[p + "self_attn.o_proj.weight"] = w((heads * head_dim, hidden), hidden ** -0.5)
        params[p + "mlp.gate_proj.weight"] = w((hidden, intermediate), hidden ** -0.5)
        params[p + "mlp.up_proj.weight"] = w((hidden, intermediate), hidden ** -0.5)
        params[p + "mlp.down_proj.weight"] = w((intermediate, hidden), intermediate ** -0.5)
    return params


def build(dims, params, rope_theta):
    layers, hidden, heads, kv_heads, intermediate, vocab = dims
    head_dim = hidden // heads
    g = Graph()
    for name, value in params.items():
        g.const(name, value)
    inv_freq = 1.0 / (rope_theta ** (np.arange(0, head_dim, 2, dtype=np.float64) / head_dim))
    g.const("inv_freq", inv_freq.astype(np.float32))
    g.const("eps", np.array(EPS, np.float32))
    g.const("mask_min", np.array(np.finfo(np.float32).min, np.float32))
    g.const("zero_f", np.array(0, np.float32))
    g.const("scale", np.array(head_dim ** -0.5, np.float32))
    g.const("i0", np.array(0, np.int64))
    g.const("i1", np.array(1, np.int64))
    g.const("ax0", np.array([0], np.int64))
    g.const("ax1", np.array([1], np.int64))
    g.const("ax12", np.array([1, 2], np.int64))
    g.const("ax_last", np.array([-1], np.int64))
    g.const("half", np.array([head_dim // 2], np.int64))
    g.const("full", np.array([head_dim], np.int64))
    g.const("q_shape", np.array([0, 0, heads, head_dim], np.int64))
    g.const("kv_shape", np.array([0, 0, kv_heads, head_dim], np.int64))
    g.const("rep_shape", np.array([0, heads, -1, head_dim], np.int64))
    g.const("merge_shape", np.array([0, 0, hidden], np.int64))

    def rms_norm(x, weight):
        variance = g.op("ReduceMean", [g.op("Mul", [x, x])], axes=[-1], keepdims=1)
        return g.op("Mul", [g.op("Div", [x, g.op("Sqrt", [g.op("Add", [variance, "eps"])])]), weight])

    # Rotary tables from position_ids: [b, 1, s, head_dim]
    freqs = g.op("Mul", [g.op("Unsqueeze", [g.op("Cast", ["position_ids"], to=TensorProto.FLOAT), "ax_last"]), "inv_freq"])
    emb = g.op("Concat", [freqs, freqs], axis=-1)
    cos = g.op("Unsqueeze", [g.op("Cos", [emb]), "ax1"])
    sin = g.op("Unsqueeze", [g.op("Sin", [emb]), "ax1"])

    def rope(t):
        x1 = g.op("Slice", [t, "i0_1d", "half", "ax_last"])
        x2 = g.op("Slice", [t, "half", "full", "ax_last"])
        rotated = g.op("Concat", [g.op("Neg", [x2]), x1], axis=-1)
        return g.op("Add", [g.op("Mul", [t, cos]), g.op("Mul", [rotated, sin])])
    g.const("i0_1d", np.array([0], np.int64))

    # Additive mask [b, 1, s, total]: key j is hidden from query i when j > past + i or attention_mask[j] == 0.
    seq = g.op("Gather", [g.op("Shape", ["input_ids"]), "i1"], axis=0)
    total = g.op("Gather", [g.op("Shape", ["attention_mask"]), "i1"], axis=0)
    key_pos = g.op("Range", ["i0", total, "i1"])
    query_pos = g.op("Range", [g.op("Sub", [total, seq]), total, "i1"])
    causal = g.op("Greater", [g.op("Unsqueeze", [key_pos, "ax0"]), g.op("Unsqueeze", [query_pos, "ax_last"])])
    padded = g.op("Unsqueeze", [g.op("Equal", ["attention_mask", "i0"]), "ax12"])
    hidden_keys = g.op("Or", [g.op("Unsqueeze", [causal, "ax0"]), padded])
    mask = g.op("Where", [hidden_keys, "mask_min", "zero_f"])

    x = g.op("Gather", ["model.embed_tokens.weight", "input_ids"], axis=0)
    outputs = []
    for i in range(layers):
        p = f"model.layers.{i}."
        h = rms_norm(x, p + "input_layernorm.weight")

        def heads_of(weight, shape):
            return g.op("Transpose", [g.op("Reshape", [g.op("MatMul", [h, p + weight]), shape])], perm=[0, 2, 1, 3])

        q = rope(heads_of("self_attn.q_proj.weight", "q_shape"))
        k = rope(heads_of("self_attn.k_proj.weight", "kv_shape"))
        v = heads_of("self_attn.v_proj.weight", "kv_shape")
        present_k = f"present.{i}.key"
        present_v = f"present.{i}.value"
        g.nodes.append(helper.make_node("Concat", [f"past_key_values.{i}.key", k], [present_k], axis=2, name=present_k + "_node"))
        g.nodes.append(helper.make_node("Concat", [f"past_key_values.{i}.value", v], [present_v], axis=2, name=present_v + "_node"))
        outputs += [present_k, present_v]

        def repeat(t):  # grouped-query attention: each KV head serves heads / kv_heads query heads
            expanded = g.op("Unsqueeze", [t, "ax_rep"])
            return g.op("Reshape", [g.op("Concat", [expanded] * (heads // kv_heads), axis=2), "rep_shape"])

        scores = g.op("Add", [g.op("Mul", [g.op("MatMul", [q, g.op("Transpose", [repeat(present_k)], perm=[0, 1, 3, 2])]), "scale"]), mask])
        context = g.op("MatMul", [g.op("Softmax", [scores], axis=-1), repeat(present_v)])
        merged = g.op("Reshape", [g.op("Transpose", [context], perm=[0, 2, 1, 3]), "merge_shape"])
        x = g.op("Add", [x, g.op("MatMul", [merged, p + "self_attn.o_proj.weight"])])

        h2 = rms_norm(x, p + "post_attention_layernorm.weight")
        gate = g.op("MatMul", [h2, p + "mlp.gate_proj.weight"])
        act = g.op("Mul", [g.op("Mul", [gate, g.op("Sigmoid", [gate])]), g.op("MatMul", [h2, p + "mlp.up_proj.weight"])])
        x = g.op("Add", [x, g.op("MatMul", [act, p + "mlp.down_proj.weight"])])
    g.const("ax_rep", np.array([2], np.int64))

    final = rms_norm(x, "model.norm.weight")
    tied = g.op("Transpose", ["model.embed_tokens.weight"], perm=[1, 0])
    g.nodes.append(helper.make_node("MatMul", [final, tied], ["logits"], name="lm_head"))

    ids = lambda n: helper.make_tensor_value_info(n, TensorProto.INT64, ["batch_size", n.replace("input_ids", "sequence_length").replace("position_ids", "sequence_length").replace("attention_mask", "total_sequence_length")])
    kv = lambda n, length: helper.make_tensor_value_info(n, TensorProto.FLOAT, ["batch_size", kv_heads, length, head_dim])
    inputs = [ids("input_ids"), ids("attention_mask"), ids("position_ids")]
    for i in range(layers):
        inputs += [kv(f"past_key_values.{i}.key", "past_sequence_length"), kv(f"past_key_values.{i}.value", "past_sequence_length")]
    outs = [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch_size", "sequence_length", vocab])]
    outs += [kv(n, "total_sequence_length") for n in outputs]
    model = helper.make_model(helper.make_graph(g.nodes, "llama", inputs, outs, g.initializers),
                              opset_imports=[helper.make_opsetid("", OPSET)], producer_name="rag-model-fixtures")
    model.ir_version = 8
    return model


def write_folder(folder, dims, seed, tokenizer_out=None):
    """tokenizer_out(folder) -> (bos id, eos id) replaces SmolLM2's tokenizer files with another tokenizer's."""
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(os.path.join(SHARED_MODELS, TEMPLATE), folder, copy_function=shutil.copyfile)
    os.chmod(folder, 0o755)
    layers, hidden, heads, kv_heads, intermediate, vocab = dims
    config = json.load(open(os.path.join(folder, "config.json")))
    config.update(num_hidden_layers=layers, hidden_size=hidden, num_attention_heads=heads, num_key_value_heads=kv_heads,
                  intermediate_size=intermediate, vocab_size=vocab)
    if tokenizer_out:
        config["bos_token_id"], config["eos_token_id"] = tokenizer_out(folder)
    json.dump(config, open(os.path.join(folder, "config.json"), "w"), indent=2)
    params = weights(dims, seed)
    model = build(dims, params, config["rope_theta"])
    os.makedirs(os.path.join(folder, "onnx"), exist_ok=True)
    onnx.save(model, os.path.join(folder, "onnx", "model.onnx"))
    json.dump({"parameter_count": int(sum(v.size for v in params.values())), "seed": seed},
              open(os.path.join(folder, "fixture.json"), "w"), indent=2)


def write_genai_folder(source, folder):
    """The same model and tokenizer files in the layout ONNX Runtime GenAI reads: a genai_config.json beside them
    (model.type llama, the decoder graph's input/output names, cache shape, special ids, search defaults)."""
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(os.path.join(folder, "onnx"))
    for name in ["config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "generation_config.json",
                 "fixture.json", os.path.join("onnx", "model.onnx")]:
        if os.path.exists(os.path.join(source, name)):
            try:
                os.link(os.path.join(source, name), os.path.join(folder, name))
            except OSError:
                shutil.copyfile(os.path.join(source, name), os.path.join(folder, name))
    c = json.load(open(os.path.join(source, "config.json")))
    eos = c["eos_token_id"]
    genai = {
        "model": {
            "type": "llama",
            "bos_token_id": c["bos_token_id"],
            "eos_token_id": eos,
            "pad_token_id": c.get("pad_token_id") if c.get("pad_token_id") is not None else (eos[0] if isinstance(eos, list) else eos),
            "context_length": c["max_position_embeddings"],
            "vocab_size": c["vocab_size"],
            "decoder": {
                "session_options": {"log_id": "onnxruntime-genai", "provider_options": []},
                "filename": "onnx/model.onnx",
                "head_size": c["hidden_size"] // c["num_attention_heads"],
                "hidden_size": c["hidden_size"],
                "num_attention_heads": c["num_attention_heads"],
                "num_key_value_heads": c["num_key_value_heads"],
                "num_hidden_layers": c["num_hidden_layers"],
                "inputs": {"input_ids": "input_ids", "attention_mask": "attention_mask", "position_ids": "position_ids",
                           "past_key_names": "past_key_values.%d.key", "past_value_names": "past_key_values.%d.value"},
                "outputs": {"logits": "logits", "present_key_names": "present.%d.key", "present_value_names": "present.%d.value"},
            },
        },
        "search": {"max_length": c["max_position_embeddings"], "min_length": 0, "do_sample": False, "num_beams": 1,
                   "num_return_sequences": 1, "past_present_share_buffer": False, "temperature": 1.0, "top_k": 1, "top_p": 1.0,
                   "repetition_penalty": 1.0, "length_penalty": 1.0, "no_repeat_ngram_size": 0, "diversity_penalty": 0.0,
                   "early_stopping": True},
    }
    json.dump(genai, open(os.path.join(folder, "genai_config.json"), "w"), indent=2)


def qwen2_tokenizer(folder):
    """The Qwen2-family tokenizer files and a generation_config.json, as Qwen2.5-Instruct's folder has them."""
    bos, eos, _ = make_qwen2_tokenizer.write(folder)
    json.dump({"bos_token_id": bos, "eos_token_id": [eos, bos]}, open(os.path.join(folder, "generation_config.json"), "w"), indent=2)
    return bos, eos


# ---- numpy reference: the same math written independently, recomputing the whole sequence every step ----

def reference_forward(params, config, ids):
    hidden, heads, kv_heads = config["hidden_size"], config["num_attention_heads"], config["num_key_value_heads"]
    head_dim, n = hidden // heads, len(ids)

    def norm(x, w):
        return x / np.sqrt((x * x).mean(-1, keepdims=True) + EPS) * w

    inv_freq = 1.0 / (config["rope_theta"] ** (np.arange(0, head_dim, 2, dtype=np.float64) / head_dim))
    angles = np.outer(np.arange(n), inv_freq)
    cos, sin = np.cos(np.concatenate([angles] * 2, -1)), np.sin(np.concatenate([angles] * 2, -1))

    def rope(t):  # t: [heads, n, head_dim]
        rotated = np.concatenate([-t[..., head_dim // 2:], t[..., :head_dim // 2]], -1)
        return t * cos + rotated * sin

    x = params["model.embed_tokens.weight"][ids].astype(np.float64)
    causal = np.triu(np.full((n, n), -np.inf), 1)
    for i in range(config["num_hidden_layers"]):
        p = f"model.layers.{i}."
        h = norm(x, params[p + "input_layernorm.weight"])
        q = rope((h @ params[p + "self_attn.q_proj.weight"]).reshape(n, heads, head_dim).transpose(1, 0, 2))
        k = rope((h @ params[p + "self_attn.k_proj.weight"]).reshape(n, kv_heads, head_dim).transpose(1, 0, 2))
        v = (h @ params[p + "self_attn.v_proj.weight"]).reshape(n, kv_heads, head_dim).transpose(1, 0, 2)
        k, v = np.repeat(k, heads // kv_heads, 0), np.repeat(v, heads // kv_heads, 0)
        scores = q @ k.transpose(0, 2, 1) / np.sqrt(head_dim) + causal
        probs = np.exp(scores - scores.max(-1, keepdims=True))
        probs /= probs.sum(-1, keepdims=True)
        x = x + (probs @ v).transpose(1, 0, 2).reshape(n, hidden) @ params[p + "self_attn.o_proj.weight"]
        h2 = norm(x, params[p + "post_attention_layernorm.weight"])
        gate = h2 @ params[p + "mlp.gate_proj.weight"]
        x = x + (gate / (1 + np.exp(-gate)) * (h2 @ params[p + "mlp.up_proj.weight"])) @ params[p + "mlp.down_proj.weight"]
    return norm(x, params["model.norm.weight"]) @ params["model.embed_tokens.weight"].T


def reference(folder, ids, new_tokens):
    model = onnx.load(os.path.join(folder, "onnx", "model.onnx"))
    params = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer if t.name.startswith("model.")}
    config = json.load(open(os.path.join(folder, "config.json")))
    ids, first_logits = list(ids), None
    generated = []
    for _ in range(new_tokens):
        logits = reference_forward(params, config, ids)[-1]
        first_logits = logits if first_logits is None else first_logits
        token = int(np.argmax(logits))
        generated.append(token)
        ids.append(token)
    print(json.dumps({"tokens": generated, "first_logits": [float(v) for v in first_logits[:64]]}))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out")
    parser.add_argument("--faithful", action="store_true")
    parser.add_argument("--sentencepiece", action="store_true")
    parser.add_argument("--qwen2", action="store_true")
    parser.add_argument("--reference")
    parser.add_argument("--ids")
    parser.add_argument("--new", type=int, default=16)
    parser.add_argument("--genai", help="an existing generated folder: write its ONNX Runtime GenAI layout to --out")
    args = parser.parse_args()
    if args.genai:
        write_genai_folder(args.genai, args.out)
    elif args.reference:
        reference(args.reference, [int(i) for i in args.ids.split(",")], args.new)
    elif args.sentencepiece:
        vocab = len(make_sentencepiece_tokenizer.build()[0]["model"]["vocab"])
        write_folder(os.path.join(args.out, "llama2-sentencepiece-tiny"), (2, 64, 4, 2, 128, vocab), seed=5,
                     tokenizer_out=make_sentencepiece_tokenizer.write)
    elif args.qwen2:
        vocab = max(t["id"] for t in make_qwen2_tokenizer.build()[0]["added_tokens"]) + 1
        write_folder(os.path.join(args.out, "qwen2-tokenizer-tiny"), (2, 64, 4, 2, 128, vocab), seed=11, tokenizer_out=qwen2_tokenizer)
    elif args.faithful:
        write_folder(os.path.join(args.out, "smollm2-faithful"), (30, 576, 9, 3, 1536, 49152), seed=7)
    else:
        write_folder(os.path.join(args.out, "smollm2-tiny"), (2, 64, 4, 2, 128, 49152), seed=3)


if __name__ == "__main__":
    main()
