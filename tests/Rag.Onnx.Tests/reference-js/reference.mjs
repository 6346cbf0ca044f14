// Independent reference for Rag.Onnx: transformers.js (tokenizer, feature-extraction, greedy text generation on onnxruntime-node).
// Usage: node reference.mjs <tokenize|decode|chat|embed|bench|generate|generate-bench> < request.json > response.json
//   request: { folder, texts, maxLength?, addSpecialTokens? (default true), pooling?: "mean"|"cls", threads?, batchSize?, repeats? }
//   decode: { folder, ids: [[...]] } -> { texts }; chat: { folder, messages: [{role, content}], template? } -> { text } (generation prompt added)
//   generate, generate-bench: see generation.mjs
import fs from 'node:fs';
import path from 'node:path';
import { env, AutoTokenizer, pipeline } from '@huggingface/transformers';
import { generate, generateBench } from './generation.mjs';

const command = process.argv[2];
const request = JSON.parse(fs.readFileSync(0, 'utf8'));
const folder = path.resolve(request.folder);

env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = path.dirname(folder) + path.sep;
const modelId = path.basename(folder);
const subfolder = fs.existsSync(path.join(folder, 'onnx', 'model.onnx')) ? 'onnx' : '';

async function tokenize() {
  const tokenizer = await AutoTokenizer.from_pretrained(modelId);
  const options = request.maxLength ? { truncation: true, max_length: request.maxLength } : { truncation: false };
  options.add_special_tokens = request.addSpecialTokens ?? true;
  return { ids: request.texts.map(text => Array.from(tokenizer(text, options).input_ids.data, Number)) };
}

async function decode() {
  const tokenizer = await AutoTokenizer.from_pretrained(modelId);
  return { texts: request.ids.map(ids => tokenizer.decode(ids, { skip_special_tokens: false })) };
}

async function chat() {
  const tokenizer = await AutoTokenizer.from_pretrained(modelId);
  return { text: tokenizer.apply_chat_template(request.messages, { tokenize: false, add_generation_prompt: true, chat_template: request.template }) };
}

async function extractor() {
  const threads = request.threads ?? 1;
  return pipeline('feature-extraction', modelId, {
    dtype: 'fp32', device: 'cpu', subfolder,
    session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 },
  });
}

function extractorOptions() {
  return { pooling: request.pooling, normalize: true };
}

async function embed() {
  const extract = await extractor();
  const embeddings = [];
  for (const text of request.texts) {
    embeddings.push(Array.from((await extract(text, extractorOptions())).data));
  }
  return { embeddings };
}

// Times only inference (tokenize + forward + pool + normalise), after one warm-up batch.
async function bench() {
  const extract = await extractor();
  const batchSize = request.batchSize ?? 32;
  const batches = [];
  for (let i = 0; i < request.texts.length; i += batchSize) batches.push(request.texts.slice(i, i + batchSize));
  let tokens = 0;
  for (const batch of batches) {
    for (const text of batch) tokens += extract.tokenizer(text, { truncation: true, max_length: request.maxLength }).input_ids.size;
  }
  await extract(batches[0], extractorOptions());
  const start = process.hrtime.bigint();
  for (const batch of batches) await extract(batch, extractorOptions());
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { tokens, seconds, tokens_per_s: tokens / seconds };
}

const commands = {
  tokenize, decode, chat, embed, bench,
  generate: () => generate(modelId, request),
  'generate-bench': () => generateBench(modelId, request),
};
if (!commands[command]) {
  console.error(`unknown command ${command}; expected one of ${Object.keys(commands).join(', ')}`);
  process.exit(2);
}
process.stdout.write(JSON.stringify(await commands[command]()));
