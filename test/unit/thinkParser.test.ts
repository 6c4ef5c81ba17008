import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ThinkSplitter, stripThinking, type SplitOutput } from '../../src/chat/thinkParser';

function run(chunks: string[]): SplitOutput {
  const s = new ThinkSplitter();
  const out: SplitOutput = { answer: '', thinking: '' };
  for (const c of chunks) {
    const r = s.push(c);
    out.answer += r.answer;
    out.thinking += r.thinking;
  }
  const r = s.end();
  out.answer += r.answer;
  out.thinking += r.thinking;
  return out;
}

const SAMPLES: { name: string; text: string; want: SplitOutput }[] = [
  {
    name: 'think block then answer',
    text: '<think>\nThe user asks about x < y.\nCheck [1].\n</think>\n\nUse `a < b` here [1].',
    want: { thinking: 'The user asks about x < y.\nCheck [1].', answer: 'Use `a < b` here [1].' },
  },
  {
    name: 'no think block, answer with < and tag-like text',
    text: '<thought> is not a tag; 1 < 2 and <th is fine',
    want: { thinking: '', answer: '<thought> is not a tag; 1 < 2 and <th is fine' },
  },
  {
    name: 'missing closing tag',
    text: '  <think>reasoning that never ends </th',
    want: { thinking: 'reasoning that never ends </th', answer: '' },
  },
  {
    name: 'literal <think> inside an answer stays answer',
    text: 'Models emit <think>...</think> first.',
    want: { thinking: '', answer: 'Models emit <think>...</think> first.' },
  },
  {
    name: 'empty think block',
    text: '<think>\n\n</think>\n\nAnswer.',
    want: { thinking: '', answer: 'Answer.' },
  },
  {
    name: 'partial close tag inside reasoning',
    text: '<think>a </thin b </think>c',
    want: { thinking: 'a </thin b', answer: 'c' },
  },
];

for (const sample of SAMPLES) {
  test(`think splitter: ${sample.name}, whole`, () => {
    assert.deepEqual(run([sample.text]), sample.want);
  });

  test(`think splitter: ${sample.name}, split at every position`, () => {
    const { text } = sample;
    for (let i = 0; i <= text.length; i++) {
      assert.deepEqual(run([text.slice(0, i), text.slice(i)]), sample.want, `split at ${i}`);
    }
  });

  test(`think splitter: ${sample.name}, split at every pair of positions and per character`, () => {
    const { text } = sample;
    for (let i = 0; i <= text.length; i++) {
      for (let j = i; j <= text.length; j++) {
        const got = run([text.slice(0, i), text.slice(i, j), text.slice(j)]);
        assert.deepEqual(got, sample.want, `split at ${i},${j}`);
      }
    }
    assert.deepEqual(run([...text]), sample.want);
  });
}

test('think splitter: text starting with "<" is released as soon as it cannot be a tag', () => {
  const s = new ThinkSplitter();
  assert.deepEqual(s.push('<'), { answer: '', thinking: '' });
  assert.deepEqual(s.push(' 3'), { answer: '< 3', thinking: '' });
});

test('think splitter: reasoning streams before the block closes', () => {
  const s = new ThinkSplitter();
  assert.equal(s.push('<think>step one').thinking, 'step one');
  assert.equal(s.push(', step two </thi').thinking, ', step two');
  const r = s.push('nk>  done');
  assert.deepEqual(r, { thinking: '', answer: 'done' });
});

test("think splitter: Ollama's thinking field goes straight to thinking", () => {
  const s = new ThinkSplitter();
  assert.deepEqual(s.push('', 'I should read [2].'), { answer: '', thinking: 'I should read [2].' });
  assert.deepEqual(s.push('The answer', ''), { answer: 'The answer', thinking: '' });
});

test('stripThinking removes closed and unclosed reasoning', () => {
  assert.equal(stripThinking('<think>x</think>\nWhere is foo?'), 'Where is foo?');
  assert.equal(stripThinking('<think>never closed'), '');
  assert.equal(stripThinking('plain'), 'plain');
});
