/**
 * Words dropped from both indexed text and queries.
 *
 * English function words carry no topic. The code words below are the ones present in nearly every
 * chunk of their language (`const`, `return`, `this`, `self`...): their IDF is close to zero, so
 * they add no ranking signal, yet their posting lists are the largest in the index and every query
 * that mentions them walks those lists. Keywords that do narrow a question stay searchable on
 * purpose: `class`, `interface`, `struct`, `enum`, `async`, `await`, `yield`, `throw`, `catch`,
 * `null`, `undefined`, `static`, `private` ("where do we catch errors?", "which structs...").
 */
const english = `a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has
have having he her here hers herself him himself his how i if in into is it its itself just me more
most my myself no nor not now of off on once only or other our ours ourselves out over own same she
should so some such than that the their theirs them themselves then there these they this those
through to too under until up very was we were what when where which while who whom why will with
would you your yours yourself yourselves also may might must shall us via etc`;

const codeNoise = `const let var function func fn def return self import export require`;

export const STOP_WORDS: ReadonlySet<string> = new Set(`${english} ${codeNoise}`.split(/\s+/));

/**
 * Extra words that only fill a question or a bug report ("please explain how ... works"). Dropped
 * from queries by analyzeQuery, never from indexed text, where they can be real identifiers
 * (`show()`, `find()`, `help`).
 */
export const QUERY_FILLER: ReadonlySet<string> = new Set(
  `please explain describe show tell find look looking help know want need like happen happens
happening happened work works working mean means seems seem thing things something anything way
ways get got getting see seen try tried trying code codebase project repo repository there here hi hello thanks thank okay ok really actually basically whole every`.split(/\s+/),
);
