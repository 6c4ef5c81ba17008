/**
 * Stand-in for `wink-nlp`, `wink-eng-lite-web-model` and `wink-bm25-text-search` in Lore's bundles
 * (esbuild.mjs aliases them here). vectra's LocalIndex imports them at load time for its own BM25
 * search, which Lore never uses (it keeps its own keyword index, ARCHITECTURE.md "Cross-cutting notes"); the English model alone
 * was 3.5 MB of a 4.1 MB minified extension bundle. Calling into the stub means something started
 * using vectra's BM25 path: fail loudly instead of returning wrong results.
 */
export default function unavailable(): never {
  throw new Error("vectra's BM25/NLP dependencies are not bundled with Lore (see esbuild.mjs); use Lore's keyword index");
}
