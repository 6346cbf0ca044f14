// Text generation on a decoder folder (onnx/model.onnx with past_key_values.N.* / present.N.*), greedy (do_sample false).
import { AutoModelForCausalLM, Tensor } from '@huggingface/transformers';

function decoder(modelId, threads = 1) {
  return AutoModelForCausalLM.from_pretrained(modelId, {
    dtype: 'fp32', device: 'cpu', session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 },
  });
}

function greedy(model, ids, newTokens, streamer) {
  const input_ids = new Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]);
  const attention_mask = new Tensor('int64', new BigInt64Array(ids.length).fill(1n), [1, ids.length]);
  return model.generate({ input_ids, attention_mask, max_new_tokens: newTokens, do_sample: false, streamer });
}

// request: { prompts: [[id, ...], ...], newTokens } -> { tokens: [[new id, ...], ...] }
export async function generate(modelId, request) {
  const model = await decoder(modelId);
  const tokens = [];
  for (const ids of request.prompts) {
    const sequence = await greedy(model, ids, request.newTokens);
    tokens.push(Array.from(sequence.data, Number).slice(ids.length));
  }
  return { tokens };
}

// request: { ids, newTokens, threads } -> time to first token and decode rate, timed after loading and one warm-up.
export async function generateBench(modelId, request) {
  const model = await decoder(modelId, request.threads);
  await greedy(model, request.ids.slice(0, 32), 4);
  const times = [];
  const streamer = { put: () => times.push(process.hrtime.bigint()), end: () => {} };
  await greedy(model, request.ids, request.newTokens, streamer);
  const ms = (from, to) => Number(times[to] - times[from]) / 1e6;
  const generated = times.length - 1; // the first put is the prompt itself
  return { generated, ttft_ms: ms(0, 1), decode_tokens_per_s: generated > 1 ? (generated - 1) / (ms(1, generated) / 1000) : 0 };
}
