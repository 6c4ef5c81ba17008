export { KeywordIndex, KEYWORD_FILE, KEYWORD_FORMAT_VERSION, NO_GENERATION, type ChunkFilter, type ChunkMeta, type KeywordHit } from './keywordIndex';
export { readSavedKeywordIndex } from './savedIndex';
export { DeferredKeywordIndex } from './deferredIndex';
export { tokenizeCode, stemTerm, queryTerms } from './tokenize';
export { analyzeQuery, type QueryAnalysis, type PathHint } from './analyzeQuery';
export { hintMatchesPath } from './pathHints';
