/**
 * The language a question is written in, as far as answers and fallback messages need it: Chinese,
 * Japanese or Korean when CJK characters outnumber twice the Latin words, otherwise undefined (answers
 * follow the question by the prompt rule alone, and Lore's own messages stay English).
 */
export type CjkLanguage = 'zh' | 'ja' | 'ko';

const HAN = /\p{Script=Han}/gu;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const HANGUL = /\p{Script=Hangul}/gu;
const LATIN_WORD = /\p{Script=Latin}+/gu;

const count = (s: string, re: RegExp) => s.match(re)?.length ?? 0;

/** `zh`, `ja` or `ko` when the question is mostly CJK (kana means Japanese, Hangul Korean). */
export function questionLanguage(question: string): CjkLanguage | undefined {
  // Code spans and identifiers do not say what language the asker writes in.
  const prose = question.replace(/`[^`]*`/g, ' ');
  const han = count(prose, HAN);
  const kana = count(prose, KANA);
  const hangul = count(prose, HANGUL);
  // A CJK character is about a word: `用 docker compose 启动 OpenHands` is Chinese, `What does 量化 mean here?` English.
  const cjk = han + kana + hangul;
  if (cjk === 0 || cjk < 2 * count(prose, LATIN_WORD)) return undefined;
  if (hangul > han + kana) return 'ko';
  return kana > 0 ? 'ja' : 'zh';
}

const NAMES: Record<CjkLanguage, string> = { zh: 'Chinese', ja: 'Japanese', ko: 'Korean' };

/**
 * A reminder added to the system prompt for a CJK question: small models tend to answer in the
 * language of the sources (often English code and docs) unless told the question's language.
 */
export function answerLanguageRule(question: string): string | undefined {
  const lang = questionLanguage(question);
  return lang && `The question is written in ${NAMES[lang]}: write the whole answer in ${NAMES[lang]}, keeping code, identifiers and file paths as they are.`;
}

const PASSAGES_HEADING: Record<CjkLanguage | 'en', (n: number) => string> = {
  en: (n) => `No answer from the chat model; the ${n === 1 ? 'best matching passage' : `${n} best matching passages`} instead:`,
  zh: (n) => `聊天模型未能作答，以下是最相关的 ${n} 个段落：`,
  ja: (n) => `チャットモデルから回答を得られませんでした。代わりに関連度の高い ${n} 件の箇所を示します：`,
  ko: (n) => `채팅 모델이 답하지 못했습니다. 대신 가장 관련 있는 구절 ${n}개입니다:`,
};

/** The line shown above the passages listed when the chat model gave no answer, in the question's language. */
export function passagesHeading(question: string, count: number): string {
  return PASSAGES_HEADING[questionLanguage(question) ?? 'en'](count);
}
