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

/**
 * Chinese (Simplified and Traditional) and Japanese function words: particles, pronouns, copulas
 * and measure words that carry no topic. Dropped from queries as whole words found by word
 * segmentation; never cut out of indexed text, where a character like 的 is also part of content
 * words (目的, 的确) and the index keeps overlapping character pairs anyway.
 */
export const CJK_STOP_WORDS: ReadonlySet<string> = new Set(
  `的 了 地 得 着 是 在 和 与 及 或 也 都 就 而 并 被 把 将 对 从 向 之 其 这 那 这个 那个 这些 那些 这样 那样
一个 一种 我 你 他 她 它 我们 你们 他们 吗 呢 吧 啊 呀 么 嘛 个 些 有 没有 还 又 再 让 给 于 以 为 由 所 等
這 這個 這些 這樣 們 嗎 麼 個 與 對 從 將 並 還 讓 給 於 為 沒有
の は が を に で と も へ や か な ね よ です ます でした した する して いる ある こと もの これ それ あれ この その`.split(/\s+/),
);

/** Question words and request phrasing (what, how, which, why, please, need): only fill a question. */
export const CJK_QUERY_FILLER: ReadonlySet<string> = new Set(
  `什么 什么样 怎么 怎么样 怎样 如何 哪些 哪个 哪里 哪儿 为什么 为何 是否 能否 可否 有没有 多少 谁 请问 请 一下 需要 可以 能 能够 应该 要 想 样
甚麼 什麼 什麼樣 怎麼 怎麼樣 怎樣 哪裡 為什麼 為何 請問 請 需要 應該
何 どう どの どれ なぜ どうして どうやって 方法 ください`.split(/\s+/),
);
