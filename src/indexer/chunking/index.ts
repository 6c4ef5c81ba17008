/** Public API of chunking (ARCHITECTURE.md, "Code map": src/indexer/chunking). */
export { chunkFile, embeddingText, type ChunkOptions } from './chunkFile';
export { chunkDocument } from './documentChunker';
export { grammarDir, grammarStats, loadGrammar, setGrammarDir } from './grammars';
export { languageForPath, supportedGrammars, type LanguageInfo } from './languages';
export { DEFAULT_MAX_TOKENS, DEFAULT_MIN_TOKENS, MAX_TOKENS_CAP, estimateTokens } from './tokens';
