export { KeywordIndex, KEYWORD_FILE, KEYWORD_FORMAT_VERSION, NO_GENERATION, readSavedKeywordIndex, type ChunkFilter, type ChunkMeta, type KeywordHit } from './keywordIndex';
export { tokenizeCode, stemTerm, queryTerms } from './tokenize';
export { analyzeQuery, type QueryAnalysis, type PathHint } from './analyzeQuery';
export { hintMatchesPath } from './pathHints';
