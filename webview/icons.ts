/**
 * The few icons the panel needs, as inline SVG built with DOM APIs. Path data from
 * @vscode/codicons 0.0.45 (CC-BY-4.0, Microsoft) so they match VS Code; inlined instead of loading
 * the codicon font so the host does not have to ship the font and the CSP needs no font source.
 */

interface IconData {
  viewBox: string;
  paths: string[];
}

const ICONS = {
  "send": { viewBox: "0 0 16 16", paths: ["M1.177 1.119a.5.5 0 0 1 .547-.066l13 6.5a.5.5 0 0 1 0 .895l-13 6.5a.5.5 0 0 1-.702-.595L2.977 8 1.022 1.648a.5.5 0 0 1 .155-.529ZM3.869 8.5l-1.547 5.03L13.382 8 2.322 2.47 3.869 7.5H9.5a.5.5 0 0 1 0 1H3.87Z"] },
  "stop": { viewBox: "0 0 16 16", paths: ["M12.5 3.5v9h-9v-9h9Zm0-1.5h-9A1.5 1.5 0 0 0 2 3.5v9A1.5 1.5 0 0 0 3.5 14h9a1.5 1.5 0 0 0 1.5-1.5v-9A1.5 1.5 0 0 0 12.5 2Z"] },
  "add": { viewBox: "0 0 16 16", paths: ["M8 1.5a.5.5 0 0 0-1 0V7H1.5a.5.5 0 0 0 0 1H7v5.5a.5.5 0 0 0 1 0V8h5.5a.5.5 0 0 0 0-1H8V1.5Z"] },
  "copy": { viewBox: "0 0 16 16", paths: ["M3 5v7.73c-.6-.35-1-.99-1-1.73V5c0-2.21 1.79-4 4-4h3c.74 0 1.38.4 1.73 1H6C4.35 2 3 3.35 3 5Zm8 10H6c-1.103 0-2-.897-2-2V5c0-1.103.897-2 2-2h5c1.103 0 2 .897 2 2v8c0 1.103-.897 2-2 2Zm1-10a1 1 0 0 0-1-1H6a1 1 0 0 0-1 1v8a1 1 0 0 0 1 1h5a1 1 0 0 0 1-1V5Z"] },
  "check": { viewBox: "0 0 16 16", paths: ["M13.657 3.136a.5.5 0 0 1 .686.728l-8.5 8a.5.5 0 0 1-.697-.01l-3.5-3.5a.5.5 0 1 1 .708-.708l3.156 3.157 8.147-7.667Z"] },
  "file": { viewBox: "0 0 16 16", paths: ["M5 1a2 2 0 0 0-2 2v10a2 2 0 0 0 2 2h6a2 2 0 0 0 2-2V5.414a1.5 1.5 0 0 0-.44-1.06L9.647 1.439A1.5 1.5 0 0 0 8.586 1H5ZM4 3a1 1 0 0 1 1-1h3v2.5A1.5 1.5 0 0 0 9.5 6H12v7a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V3Zm7.793 2H9.5a.5.5 0 0 1-.5-.5V2.207L11.793 5Z"] },
  "error": { viewBox: "0 0 16 16", paths: ["M8 1C4.14 1 1 4.14 1 8s3.14 7 7 7 7-3.14 7-7-3.14-7-7-7Zm0 13c-3.309 0-6-2.691-6-6s2.691-6 6-6 6 2.691 6 6-2.691 6-6 6Zm2.854-8.146L8.708 8l2.146 2.146a.5.5 0 0 1-.708.707L8 8.707l-2.146 2.146a.498.498 0 0 1-.708 0 .5.5 0 0 1 0-.707L7.292 8 5.146 5.854a.5.5 0 0 1 .707-.707l2.146 2.146 2.146-2.146a.5.5 0 0 1 .707.707h.002Z"] },
  "close": { viewBox: "0 0 16 16", paths: ["m8.707 8 3.646-3.646a.5.5 0 0 0-.707-.707L8 7.293 4.354 3.647a.5.5 0 0 0-.707.707L7.293 8l-3.646 3.646a.5.5 0 0 0 .708.707l3.646-3.646 3.646 3.646a.498.498 0 0 0 .708 0 .5.5 0 0 0 0-.707L8.709 8h-.002Z"] },
  "refresh": { viewBox: "0 0 16 16", paths: ["M3 8a5 5 0 0 1 9-3h-2a.5.5 0 0 0 0 1h3a.5.5 0 0 0 .5-.5v-3a.5.5 0 0 0-1 0v1.531a6 6 0 1 0 1.476 4.513.5.5 0 0 0-.996-.089A5 5 0 0 1 3 8Z"] },
  "download": { viewBox: "0 0 16 16", paths: ["M11.5 7a4.5 4.5 0 1 0 0 9 4.5 4.5 0 0 0 0-9Zm2.354 4.854-2 2a.508.508 0 0 1-.35.147h-.006a.49.49 0 0 1-.348-.144l-.003-.003-2-2a.5.5 0 0 1 .707-.707L11 12.294V9.001a.5.5 0 0 1 1 0v3.293l1.146-1.147a.5.5 0 0 1 .707.707h.001ZM4.25 12H6v1H4.25a3.25 3.25 0 0 1-.22-6.493A4 4 0 0 1 8 3a3.989 3.989 0 0 1 3.857 3h-1.046A2.987 2.987 0 0 0 8 4a3 3 0 0 0-3 3 .5.5 0 0 1-.5.5h-.25a2.25 2.25 0 1 0 0 4.5Z"] },
  "book": { viewBox: "0 0 16 16", paths: ["M2.5 2A1.5 1.5 0 0 0 1 3.5v9A1.5 1.5 0 0 0 2.5 14H6c.818 0 1.544-.393 2-1 .456.607 1.182 1 2 1h3.5a1.5 1.5 0 0 0 1.5-1.5v-9A1.5 1.5 0 0 0 13.5 2H10c-.818 0-1.544.393-2 1a2.496 2.496 0 0 0-2-1H2.5Zm5 2.5v7A1.5 1.5 0 0 1 6 13H2.5a.5.5 0 0 1-.5-.5v-9a.5.5 0 0 1 .5-.5H6a1.5 1.5 0 0 1 1.5 1.5Zm1 7v-7A1.5 1.5 0 0 1 10 3h3.5a.5.5 0 0 1 .5.5v9a.5.5 0 0 1-.5.5H10a1.5 1.5 0 0 1-1.5-1.5Z"] },
  "output": { viewBox: "0 0 24 25", paths: ["M8.25 8.068a.75.75 0 0 0 0 1.5h7.5a.75.75 0 0 0 0-1.5h-7.5Zm-.75 5.25a.75.75 0 0 1 .75-.75h7.5a.75.75 0 0 1 0 1.5h-7.5a.75.75 0 0 1-.75-.75Zm.75 3.75a.75.75 0 0 0 0 1.5h3a.75.75 0 0 0 0-1.5h-3ZM6.75.568a.75.75 0 0 0-.75.75v.75h-.75A2.25 2.25 0 0 0 3 4.318v18a2.25 2.25 0 0 0 2.25 2.25h9c.199 0 .39-.08.53-.22l6-6a.749.749 0 0 0 .22-.53v-13.5a2.25 2.25 0 0 0-2.25-2.25H18v-.75a.75.75 0 0 0-1.5 0v.75h-3.75v-.75a.75.75 0 0 0-1.5 0v.75H7.5v-.75a.75.75 0 0 0-.75-.75Zm12 3a.75.75 0 0 1 .75.75v12.75h-3.75a2.25 2.25 0 0 0-2.25 2.25v3.75H5.25a.75.75 0 0 1-.75-.75v-18a.75.75 0 0 1 .75-.75h13.5Zm-.311 15L15 22.007v-2.69a.75.75 0 0 1 .75-.75h2.689Z"] },
  "database": { viewBox: "0 0 16 16", paths: ["M8 1C5.149 1 3 2.075 3 3.5v9C3 13.925 5.149 15 8 15s5-1.075 5-2.5v-9C13 2.075 10.851 1 8 1Zm0 1c2.441 0 4 .888 4 1.5S10.441 5 8 5s-4-.888-4-1.5S5.558 2 8 2Zm0 12c-2.442 0-4-.889-4-1.5V5.021A7.41 7.41 0 0 0 8 6a7.41 7.41 0 0 0 4-.979V12.5c0 .611-1.559 1.5-4 1.5Z"] },
  "info": { viewBox: "0 0 16 16", paths: ["M8.499 7.5a.5.5 0 1 0-1 0v3a.5.5 0 0 0 1 0v-3Zm.25-2a.749.749 0 1 1-1.499 0 .749.749 0 0 1 1.498 0ZM8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1ZM2 8a6 6 0 1 1 12 0A6 6 0 0 1 2 8Z"] },
  "selection": { viewBox: "0 0 16 16", paths: ["M2 3.5a.5.5 0 0 1 .5-.5h8a.5.5 0 0 1 0 1h-8a.5.5 0 0 1-.5-.5Zm0 8a.5.5 0 0 1 .5-.5h7a.5.5 0 0 1 0 1h-7a.5.5 0 0 1-.5-.5ZM2.5 7a.5.5 0 0 0 0 1h11a.5.5 0 0 0 0-1h-11Z"] },
  "discard": { viewBox: "0 0 16 16", paths: ["M3.001 2.5a.5.5 0 1 1 1 0v3.843l3.171-3.171a4 4 0 0 1 5.657 5.656l-5.025 5.026a.5.5 0 0 1-.707-.708l5.025-5.025A3 3 0 0 0 7.879 3.88L4.758 7H8.5a.5.5 0 0 1 0 1h-4.9a.6.6 0 0 1-.6-.6V2.5Z"] },
} satisfies Record<string, IconData>;

export type IconName = keyof typeof ICONS;

const SVG_NS = 'http://www.w3.org/2000/svg';

/** A decorative (aria-hidden) 16px icon in currentColor. */
export function icon(name: IconName, className = 'lore-icon'): SVGSVGElement {
  const data: IconData = ICONS[name];
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', data.viewBox);
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('fill', 'currentColor');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', className);
  for (const d of data.paths) {
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', d);
    svg.append(path);
  }
  return svg;
}
