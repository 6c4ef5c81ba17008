export { retrieve, scopeFilter, type ChunkFilter, type RetrievalDeps, type RetrievalOptions } from './retrieve';
export { completeScoreLists, distributionFusion, reciprocalRankFusion, DEFAULT_RRF_K, type ScoredId } from './fusion';
export { mergeAdjacent } from './mergeAdjacent';
export { BOOST, boostFactor, maxBoostFactor, type BoostContext } from './boosts';
export { RecentFiles } from './recentFiles';
export { DEFAULT_SEARCH_K, type RetrievalKnobs, type SearchRequest, type SearchResult, type Searcher } from './request';
export { searchFolder, type FolderSearchDeps } from './searchFolder';
