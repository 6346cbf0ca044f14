#!/usr/bin/env python3
"""Generates BERT-architecture sentence-encoder folders in the Optimum / sentence-transformers export format.

Weights are random (seeded, deterministic); the math is real BERT: word + position + token-type embeddings,
LayerNorm, multi-head self-attention with the additive attention mask, erf-GELU feed-forward, residuals.
Tokenizer and config files are the real ones from ../shared/models next to the repository.

  generate_bert.py --out DIR                 # small test folders (2 layers, hidden 64)
  generate_bert.py --out DIR --faithful      # all-MiniLM-L6-v2 shape (6 layers, hidden 384, 12 heads)
"""
import argparse
import json
import os
import shutil

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

SHARED_MODELS = os.environ.get("RAG_SHARED_MODELS", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "models"))
OPSET = 17

BGE_TOKENIZER_CONFIG = {
    "clean_up_tokenization_spaces": True, "cls_token": "[CLS]", "do_basic_tokenize": True,
    "mask_token": "[MASK]", "model_max_length": 512, "never_split": None, "pad_token": "[PAD]",
    "sep_token": "[SEP]", "strip_accents": None, "tokenize_chinese_chars": True,
    "tokenizer_class": "BertTokenizer", "unk_token": "[UNK]",
}


class GraphBuilder:
    def __init__(self, rng):
        self.rng = rng
        self.nodes = []
        self.initializers = []
        self.parameter_count = 0
        self._next = 0

    def name(self, hint):
        self._next += 1
        return f"/{hint}_{self._next}"

    def weight(self, name, shape, std):
        self._add(name, (self.rng.standard_normal(shape) * std).astype(np.float32))
        return name

    def layer_norm_weights(self, prefix, hidden):
        gamma = (1.0 + 0.1 * self.rng.standard_normal(hidden)).astype(np.float32)
        beta = (0.1 * self.rng.standard_normal(hidden)).astype(np.float32)
        self._add(prefix + ".weight", gamma)
        self._add(prefix + ".bias", beta)
        return prefix + ".weight", prefix + ".bias"

    def constant(self, name, array):
        """Shape/scalar helpers: stored as initializers like real exports, but not parameters."""
        self.initializers.append(numpy_helper.from_array(array, name))
        return name

    def _add(self, name, array):
        self.initializers.append(numpy_helper.from_array(array, name))
        self.parameter_count += array.size

    def op(self, op_type, inputs, hint, **attrs):
        out = self.name(hint)
        self.nodes.append(helper.make_node(op_type, inputs, [out], name=out + "_node", **attrs))
        return out


def linear(g, x, prefix, fan_in, fan_out):
    w = g.weight(prefix + ".weight", (fan_in, fan_out), 1.0 / np.sqrt(fan_in))
    b = g.weight(prefix + ".bias", (fan_out,), 0.02)
    return g.op("Add", [g.op("MatMul", [x, w], "MatMul"), b], "Add")


def layer_norm(g, x, prefix, hidden):
    gamma, beta = g.layer_norm_weights(prefix, hidden)
    return g.op("LayerNormalization", [x, gamma, beta], "LayerNorm", axis=-1, epsilon=1e-12)


def gelu(g, x):
    erf = g.op("Erf", [g.op("Div", [x, "const.sqrt2"], "Div")], "Erf")
    return g.op("Mul", [g.op("Mul", [x, "const.half"], "Mul"), g.op("Add", [erf, "const.one"], "Add")], "Mul")


def attention(g, x, mask_bias, prefix, hidden, heads):
    head_dim = hidden // heads

    def split_heads(t, perm):
        return g.op("Transpose", [g.op("Reshape", [t, "const.split_heads_shape"], "Reshape")], "Transpose", perm=perm)

    q = split_heads(linear(g, x, prefix + ".self.query", hidden, hidden), [0, 2, 1, 3])
    k = split_heads(linear(g, x, prefix + ".self.key", hidden, hidden), [0, 2, 3, 1])
    v = split_heads(linear(g, x, prefix + ".self.value", hidden, hidden), [0, 2, 1, 3])
    g.constant(prefix + ".scale", np.array(1.0 / np.sqrt(head_dim), dtype=np.float32))
    scores = g.op("Mul", [g.op("MatMul", [q, k], "MatMul"), prefix + ".scale"], "Mul")
    probs = g.op("Softmax", [g.op("Add", [scores, mask_bias], "Add")], "Softmax", axis=-1)
    context = g.op("Transpose", [g.op("MatMul", [probs, v], "MatMul")], "Transpose", perm=[0, 2, 1, 3])
    merged = g.op("Reshape", [context, "const.merge_heads_shape"], "Reshape")
    projected = linear(g, merged, prefix + ".output.dense", hidden, hidden)
    return layer_norm(g, g.op("Add", [projected, x], "Add"), prefix + ".output.LayerNorm", hidden)


def build_model(vocab_size, layers, hidden, heads, intermediate, max_positions, seed):
    g = GraphBuilder(np.random.default_rng(seed))
    g.constant("const.sqrt2", np.array(np.sqrt(2.0), dtype=np.float32))
    g.constant("const.half", np.array(0.5, dtype=np.float32))
    g.constant("const.one", np.array(1.0, dtype=np.float32))
    g.constant("const.split_heads_shape", np.array([0, 0, heads, hidden // heads], dtype=np.int64))
    g.constant("const.merge_heads_shape", np.array([0, 0, hidden], dtype=np.int64))
    g.constant("const.zero_i64", np.array(0, dtype=np.int64))
    g.constant("const.one_i64", np.array(1, dtype=np.int64))
    g.constant("const.axes_1_2", np.array([1, 2], dtype=np.int64))
    g.constant("const.mask_min", np.array(np.finfo(np.float32).min, dtype=np.float32))

    word = g.weight("embeddings.word_embeddings.weight", (vocab_size, hidden), 1.0)
    position = g.weight("embeddings.position_embeddings.weight", (max_positions, hidden), 1.0)
    token_type = g.weight("embeddings.token_type_embeddings.weight", (2, hidden), 1.0)

    seq_len = g.op("Gather", [g.op("Shape", ["input_ids"], "Shape"), "const.one_i64"], "Gather", axis=0)
    position_ids = g.op("Range", ["const.zero_i64", seq_len, "const.one_i64"], "Range")
    embedded = g.op("Add", [
        g.op("Add", [g.op("Gather", [word, "input_ids"], "Gather"), g.op("Gather", [token_type, "token_type_ids"], "Gather")], "Add"),
        g.op("Gather", [position, position_ids], "Gather")], "Add")
    x = layer_norm(g, embedded, "embeddings.LayerNorm", hidden)

    # (1 - mask) * float32.min, broadcast to [batch, 1, 1, seq] like transformers' extended attention mask
    mask = g.op("Cast", ["attention_mask"], "Cast", to=TensorProto.FLOAT)
    inverted = g.op("Sub", ["const.one", mask], "Sub")
    mask_bias = g.op("Unsqueeze", [g.op("Mul", [inverted, "const.mask_min"], "Mul"), "const.axes_1_2"], "Unsqueeze")

    for i in range(layers):
        prefix = f"encoder.layer.{i}"
        x = attention(g, x, mask_bias, prefix + ".attention", hidden, heads)
        inner = gelu(g, linear(g, x, prefix + ".intermediate.dense", hidden, intermediate))
        out = linear(g, inner, prefix + ".output.dense", intermediate, hidden)
        x = layer_norm(g, g.op("Add", [out, x], "Add"), prefix + ".output.LayerNorm", hidden)
    g.nodes.append(helper.make_node("Identity", [x], ["last_hidden_state"], name="/output_identity"))

    def int_input(name):
        return helper.make_tensor_value_info(name, TensorProto.INT64, ["batch_size", "sequence_length"])

    graph = helper.make_graph(
        g.nodes, "bert",
        [int_input("input_ids"), int_input("attention_mask"), int_input("token_type_ids")],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch_size", "sequence_length", hidden])],
        g.initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="rag-model-fixtures")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model, g.parameter_count


def expected_parameter_count(vocab_size, layers, hidden, intermediate, max_positions):
    embeddings = (vocab_size + max_positions + 2) * hidden + 2 * hidden
    per_layer = 4 * (hidden * hidden + hidden) + 2 * hidden \
        + (hidden * intermediate + intermediate) + (intermediate * hidden + hidden) + 2 * hidden
    return embeddings + layers * per_layer


def vocab_size_of(template):
    with open(os.path.join(SHARED_MODELS, template, "vocab.txt"), encoding="utf-8") as f:
        return sum(1 for _ in f)


def write_json(path, value):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, indent=2, ensure_ascii=False)


def write_folder(out_root, name, template, onnx_subdir, dims, seed):
    folder = os.path.join(out_root, name)
    shutil.rmtree(folder, ignore_errors=True)
    source = os.path.join(SHARED_MODELS, template)
    # Plain copies: the shared files are read-only and tests regenerate folders in place.
    shutil.copytree(source, folder, copy_function=shutil.copyfile)
    for directory, _, _ in os.walk(folder):
        os.chmod(directory, 0o755)

    layers, hidden, heads, intermediate = dims
    vocab_size = vocab_size_of(template)
    max_positions = 512
    config_path = os.path.join(folder, "config.json")
    config = json.load(open(config_path)) if os.path.exists(config_path) else {
        "architectures": ["BertModel"], "model_type": "bert", "hidden_act": "gelu", "layer_norm_eps": 1e-12,
        "type_vocab_size": 2, "pad_token_id": 0, "position_embedding_type": "absolute"}
    config.update(vocab_size=vocab_size, num_hidden_layers=layers, hidden_size=hidden, num_attention_heads=heads,
                  intermediate_size=intermediate, max_position_embeddings=max_positions)
    write_json(config_path, config)
    if not os.path.exists(os.path.join(folder, "tokenizer_config.json")):
        lowercase = json.load(open(os.path.join(folder, "tokenizer.json")))["normalizer"]["lowercase"]
        write_json(os.path.join(folder, "tokenizer_config.json"), dict(BGE_TOKENIZER_CONFIG, do_lower_case=lowercase))

    model, parameter_count = build_model(vocab_size, layers, hidden, heads, intermediate, max_positions, seed)
    assert parameter_count == expected_parameter_count(vocab_size, layers, hidden, intermediate, max_positions)
    model_dir = os.path.join(folder, onnx_subdir)
    os.makedirs(model_dir, exist_ok=True)
    onnx.save(model, os.path.join(model_dir, "model.onnx"))
    write_json(os.path.join(folder, "fixture.json"), {
        "parameter_count": parameter_count, "layers": layers, "hidden": hidden, "heads": heads,
        "intermediate": intermediate, "vocab_size": vocab_size, "max_position_embeddings": max_positions,
        "seed": seed, "onnx_path": os.path.normpath(os.path.join(onnx_subdir, "model.onnx"))})
    return folder


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, help="folder that receives one sub-folder per model")
    parser.add_argument("--faithful", action="store_true", help="all-MiniLM-L6-v2 shape, for benchmarks")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    if args.faithful:
        print(write_folder(args.out, "all-MiniLM-L6-v2", "all-MiniLM-L6-v2", "onnx", (6, 384, 12, 1536), seed=6))
        return
    small = (2, 64, 4, 128)
    print(write_folder(args.out, "all-MiniLM-L6-v2", "all-MiniLM-L6-v2", "onnx", small, seed=1))
    print(write_folder(args.out, "bge-small-en-v1.5", "bge-small-en-v1.5", ".", small, seed=2))
    print(write_folder(args.out, "bge-small-zh-v1.5", "bge-small-zh-v1.5", ".", small, seed=3))


if __name__ == "__main__":
    main()
