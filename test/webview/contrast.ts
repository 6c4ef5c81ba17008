/**
 * WCAG 2 contrast of every visible text in the page, measured in the browser from computed styles:
 * the text colour (with its alpha and the opacity of every ancestor) against the backgrounds it is
 * painted on, walked up the flat tree (through shadow roots and slots). Runs inside the page
 * (`page.evaluate(measureContrast)`), so it uses only DOM APIs.
 */

export interface ContrastIssue {
  text: string;
  where: string;
  ratio: number;
  needed: number;
  fg: string;
  bg: string;
}

export function measureContrast(): { checked: number; issues: ContrastIssue[]; lowest: ContrastIssue[] } {
  type Rgba = [number, number, number, number];
  const parse = (c: string): Rgba => {
    const m = /rgba?\(([^)]+)\)/.exec(c);
    if (!m) return [0, 0, 0, 0];
    const p = m[1]!.split(/[\s,/]+/).filter(Boolean).map(Number);
    return [p[0]!, p[1]!, p[2]!, p[3] ?? 1];
  };
  const over = (top: Rgba, bottom: Rgba): Rgba => {
    const a = top[3];
    return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
  };
  const lum = (c: Rgba) => {
    const ch = c.slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * ch[0]! + 0.7152 * ch[1]! + 0.0722 * ch[2]!;
  };
  const parentOf = (el: Element): Element | null =>
    el.assignedSlot ?? el.parentElement ?? ((el.parentNode as ShadowRoot | null)?.host ?? null);
  const hex = (c: Rgba) => `#${c.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;

  const issues: ContrastIssue[] = [];
  const all: ContrastIssue[] = [];
  let checked = 0;
  const roots: Array<Document | ShadowRoot> = [document];
  for (let root = roots.pop(); root; root = roots.pop()) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node instanceof Element) {
        if (node.shadowRoot) roots.push(node.shadowRoot);
        continue;
      }
      const text = node.textContent?.trim() ?? '';
      if (!text || !node.parentElement) continue;
      if (['STYLE', 'SCRIPT', 'NOSCRIPT', 'TITLE'].includes(node.parentElement.tagName)) continue;
      // A text node in a host's light DOM is painted where its slot is.
      const start: Element = (node as Text).assignedSlot?.parentElement ?? node.parentElement;
      if (node.parentElement.shadowRoot && !(node as Text).assignedSlot) continue; // not slotted: not shown
      if (start.closest('.lore-sr-only, [hidden]')) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const rect = range.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      if (!start.checkVisibility({ visibilityProperty: true })) continue;
      const style = getComputedStyle(start);
      let fg = parse(style.color);
      let opacity = 1;
      const layers: Rgba[] = [];
      for (let el: Element | null = start; el; el = parentOf(el)) {
        const cs = getComputedStyle(el);
        opacity *= Number(cs.opacity);
        const bg = parse(cs.backgroundColor);
        if (bg[3] > 0) layers.push(bg);
        if (bg[3] >= 1) break;
      }
      let bg: Rgba = [255, 255, 255, 1];
      for (const layer of layers.reverse()) bg = over(layer, bg);
      fg = over([fg[0], fg[1], fg[2], fg[3] * opacity], bg);
      const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a);
      const ratio = Math.round(((l1! + 0.05) / (l2! + 0.05)) * 100) / 100;
      const size = parseFloat(style.fontSize);
      const bold = Number(style.fontWeight) >= 700;
      const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
      const cls = typeof start.className === 'string' && start.className ? `.${start.className.split(' ')[0]}` : '';
      const entry = { text: text.slice(0, 40), where: `${start.tagName.toLowerCase()}${cls}`, ratio, needed, fg: hex(fg), bg: hex(bg) };
      checked++;
      all.push(entry);
      if (ratio < needed) issues.push(entry);
    }
  }
  return { checked, issues, lowest: all.sort((a, b) => a.ratio - b.ratio).slice(0, 5) };
}
