import type { EvalProject } from './config';

/**
 * The Chinese development set: npm packages whose authors ship their documentation in Chinese
 * (README.md in Chinese, or README.zh-CN.md / README.zh-Hans.md beside an English one), pinned to
 * exact versions. Each package is indexed whole, as discovery keeps it (code, English docs and the
 * Chinese docs side by side); queries come from the Chinese Markdown only. See README.md.
 */
export const CHINESE_PROJECTS: readonly EvalProject[] = [
  { name: 'cnchar', version: '3.2.6', license: 'MIT', languages: 'Chinese Markdown (README.md)' },
  { name: 'vditor', version: '4.0.0', license: 'MIT', languages: 'Chinese Markdown (README.md)' },
  { name: 'vue-echarts', version: '8.3.1', license: 'MIT', languages: 'Chinese Markdown (README.zh-Hans.md)' },
  { name: 'alipay-sdk', version: '4.14.0', license: 'MIT', languages: 'Chinese Markdown (README.md)' },
  { name: 'pinyin', version: '4.0.0', license: 'MIT', languages: 'Chinese Markdown (README.md)' },
  // README-zh-TW.md is README-zh-CN.md in Traditional characters: two right answers per query.
  { name: 'opencc-js', version: '1.4.2', license: 'MIT', languages: 'Chinese Markdown (README-zh-CN.md)', exclude: ['README-zh-TW.md'] },
  { name: 'nodejieba', version: '3.5.8', license: 'MIT', languages: 'Chinese Markdown (README.md, submodules/cppjieba/README.md)' },
  { name: 'pinyin-pro', version: '3.29.4', license: 'MIT', languages: 'Chinese Markdown (README.md)' },
  // README.zh-TW.md is README.md in Traditional characters.
  { name: 'vxe-table', version: '4.21.3', license: 'MIT', languages: 'Chinese Markdown (README.md)', exclude: ['README.zh-TW.md'] },
  { name: 'js-sdsl', version: '4.4.2', license: 'MIT', languages: 'Chinese Markdown (README.zh-CN.md)' },
  { name: 'flyio', version: '0.6.14', license: 'MIT', languages: 'Chinese Markdown (README.md)' },
  { name: 'wepy', version: '1.7.2', license: 'MIT', languages: 'Chinese Markdown (README.md)' },
  { name: 'zhlint', version: '0.8.2', license: 'MIT', languages: 'Chinese Markdown (README.zh-CN.md)' },
  // docs/ is the built site of docs-src/; src_doc.md repeats each README.md.
  { name: 'anyproxy', version: '4.1.3', license: 'Apache-2.0', languages: 'Chinese Markdown (docs-src/cn/README.md)', exclude: ['docs/**', 'docs-src/*/src_doc.md'] },
  { name: 'novel-segment', version: '2.7.123', license: 'ISC', languages: 'Chinese Markdown (README.md, lib/submod/README.md)' },
];
