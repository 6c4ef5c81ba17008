import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { stripPrefix } from './words';

/**
 * A real (if coarse) static embedding model: Model2Vec distilled from bge-base, 64 dims, see
 * ../shared/models/model2vec-bge-base-vq128/SOURCE.md. Inference is a weighted mean of token
 * vectors, so no ML runtime is needed; only the tokenizer comes from @huggingface/tokenizers.
 */

export const MODEL2VEC_DIR_NAME = 'model2vec-bge-base-vq128';

/** `LORE_MODEL2VEC_DIR`, else the first `shared/models/<name>` found walking up from here or the cwd. */
export function findModel2VecDir(): string | undefined {
  const fromEnv = process.env.LORE_MODEL2VEC_DIR;
  if (fromEnv) return isModelDir(fromEnv) ? resolve(fromEnv) : undefined;
  const starts = [typeof __dirname === 'string' ? __dirname : undefined, process.cwd()];
  for (const start of starts) {
    for (let dir = start && resolve(start); dir; dir = dirname(dir) === dir ? undefined : dirname(dir)) {
      const candidate = join(dir, 'shared', 'models', MODEL2VEC_DIR_NAME);
      if (isModelDir(candidate)) return candidate;
    }
  }
  return undefined;
}

function isModelDir(dir: string): boolean {
  return existsSync(join(dir, 'model.safetensors')) && existsSync(join(dir, 'tokenizer.json'));
}

type Tensor = Float32Array | Float64Array | Int32Array;

interface TensorHeader {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/** safetensors = u64 LE header length, JSON header, raw little-endian tensors. */
export function readSafetensors(file: string): Map<string, { shape: number[]; data: Tensor }> {
  const buf = readFileSync(file);
  const headerLength = Number(buf.readBigUInt64LE(0));
  const header = JSON.parse(buf.subarray(8, 8 + headerLength).toString('utf8')) as Record<string, TensorHeader>;
  const base = 8 + headerLength;
  const tensors = new Map<string, { shape: number[]; data: Tensor }>();
  for (const [name, info] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const [start, end] = info.data_offsets;
    // Copy into a fresh ArrayBuffer: tensor offsets need not be aligned for typed array views.
    const bytes = buf.buffer.slice(buf.byteOffset + base + start, buf.byteOffset + base + end);
    const data = info.dtype === 'F32' ? new Float32Array(bytes)
      : info.dtype === 'F64' ? new Float64Array(bytes)
        : info.dtype === 'I32' ? new Int32Array(bytes)
          : undefined;
    if (!data) throw new Error(`model2vec: unsupported tensor dtype ${info.dtype} for ${name}`);
    tensors.set(name, { shape: info.shape, data });
  }
  return tensors;
}

export class Model2Vec {
  readonly dims: number;
  private readonly tokenizer: Tokenizer;
  private readonly unkId: number | undefined;
  private readonly embeddings: Tensor;
  private readonly mapping: Tensor | undefined;
  private readonly weights: Tensor | undefined;
  private readonly wordCache = new Map<string, number[]>();
  private readonly wordwise: boolean;

  constructor(dir: string) {
    const tensors = readSafetensors(join(dir, 'model.safetensors'));
    const embeddings = tensors.get('embeddings');
    if (!embeddings || embeddings.shape.length !== 2) throw new Error(`model2vec: no 2-D "embeddings" tensor in ${dir}`);
    this.embeddings = embeddings.data;
    this.dims = embeddings.shape[1];
    this.mapping = tensors.get('mapping')?.data;
    this.weights = tensors.get('weights')?.data;
    const tokenizerJson = JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8')) as {
      model?: { type?: string; unk_id?: number; vocab?: [string, number][] };
    };
    const vocab = tokenizerJson.model?.vocab;
    this.wordwise = tokenizerJson.model?.type === 'Unigram' && Array.isArray(vocab) && vocab.every(([piece]) => piece.lastIndexOf('\u2581') <= 0 && piece !== '\u2581');
    const configFile = join(dir, 'tokenizer_config.json');
    const config: object = existsSync(configFile) ? JSON.parse(readFileSync(configFile, 'utf8')) as object : {};
    this.tokenizer = new Tokenizer(tokenizerJson, config);
    this.unkId = tokenizerJson.model?.unk_id ?? this.tokenizer.token_to_id('[UNK]');
  }

  /** Token ids as the tokenizer gives them for the whole text, [UNK] dropped. */
  tokenIds(text: string): number[] {
    return this.tokenizer.encode(text, { add_special_tokens: false }).ids.filter((id) => id !== this.unkId);
  }

  /**
   * tokenIds() word by word through a cache: code repeats words a lot and whole-text encoding costs
   * ~5 ms per chunk (10x the rest). Valid because the normaliser works per word, whitespace becomes
   * a `▁` word start and no vocabulary piece spans a `▁` (checked in the constructor). Only exact
   * score ties in the Unigram lattice may resolve differently (measured on this repo: 0.25% of
   * tokens, mean cosine to whole-text embeddings 0.9993).
   */
  cachedTokenIds(text: string): number[] {
    if (!this.wordwise) return this.tokenIds(text);
    const ids: number[] = [];
    for (const word of text.split(/\s+/)) {
      if (!word) continue;
      let wordIds = this.wordCache.get(word);
      if (!wordIds) {
        if (this.wordCache.size >= 200_000) this.wordCache.clear();
        wordIds = this.tokenIds(word);
        this.wordCache.set(word, wordIds);
      }
      for (const id of wordIds) ids.push(id);
    }
    return ids;
  }

  embed(text: string): number[] {
    const ids = this.cachedTokenIds(stripPrefix(text));
    const sum = new Float64Array(this.dims);
    for (const id of ids) {
      const row = this.mapping ? this.mapping[id] : id;
      const weight = this.weights ? this.weights[id] : 1;
      for (let d = 0; d < this.dims; d++) sum[d] += this.embeddings[row * this.dims + d] * weight;
    }
    let norm = 0;
    for (const x of sum) norm += x * x;
    // Text without known tokens would give a zero vector; real servers never return one.
    if (norm === 0) return Array.from({ length: this.dims }, (_, d) => (d === 0 ? 1 : 0));
    const scale = 1 / Math.sqrt(norm); // the mean's 1/n cancels out under L2 normalisation
    return Array.from(sum, (x) => x * scale);
  }
}
