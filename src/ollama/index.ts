export {
  OllamaClient,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_STREAM_IDLE_TIMEOUT_MS,
  DEFAULT_FIRST_BYTE_TIMEOUT_MS,
  firstByteTimeoutFromEnv,
  type OllamaClientOptions,
  type ChatMessage,
  type ChatRequest,
  type ChatChunk,
  type ModelInfo,
  type PullProgress,
} from './client';
export { OllamaError, toOllamaError, type OllamaErrorKind, type OllamaErrorContext } from './errors';
export { isLoopbackHost, normalizeHost, canonicalModelName, sameModel, DEFAULT_OLLAMA_HOST } from './host';
