/**
 * pdfjs-dist's display layer builds a `DOMMatrix` when it loads, and in Node it borrows one from the
 * native `@napi-rs/canvas`, which Lore does not ship. Text extraction never renders, so a small 2-D
 * affine matrix is enough. Installed only where missing, and only in the extraction worker thread
 * (its globals are its own), never in the extension host's shared global scope.
 */
type Init = number[] | undefined;

class AffineMatrix {
  a = 1; b = 0; c = 0; d = 1; e = 0; f = 0;

  constructor(init?: Init) {
    if (init && init.length >= 6) [this.a, this.b, this.c, this.d, this.e, this.f] = init;
  }

  get is2D(): boolean {
    return true;
  }

  multiplySelf(o: AffineMatrix): this {
    const { a, b, c, d, e, f } = this;
    this.a = a * o.a + c * o.b; this.b = b * o.a + d * o.b;
    this.c = a * o.c + c * o.d; this.d = b * o.c + d * o.d;
    this.e = a * o.e + c * o.f + e; this.f = b * o.e + d * o.f + f;
    return this;
  }

  preMultiplySelf(o: AffineMatrix): this {
    const m = new AffineMatrix([o.a, o.b, o.c, o.d, o.e, o.f]).multiplySelf(this);
    Object.assign(this, { a: m.a, b: m.b, c: m.c, d: m.d, e: m.e, f: m.f });
    return this;
  }

  translateSelf(x = 0, y = 0): this {
    return this.multiplySelf(new AffineMatrix([1, 0, 0, 1, x, y]));
  }

  scaleSelf(x = 1, y = x): this {
    return this.multiplySelf(new AffineMatrix([x, 0, 0, y, 0, 0]));
  }

  invertSelf(): this {
    const { a, b, c, d, e, f } = this;
    const det = a * d - b * c;
    if (!det) return Object.assign(this, { a: NaN, b: NaN, c: NaN, d: NaN, e: NaN, f: NaN });
    Object.assign(this, { a: d / det, b: -b / det, c: -c / det, d: a / det, e: (c * f - d * e) / det, f: (b * e - a * f) / det });
    return this;
  }

  translate(x?: number, y?: number): AffineMatrix { return this.copy().translateSelf(x, y); }
  scale(x?: number, y?: number): AffineMatrix { return this.copy().scaleSelf(x, y); }
  multiply(o: AffineMatrix): AffineMatrix { return this.copy().multiplySelf(o); }
  inverse(): AffineMatrix { return this.copy().invertSelf(); }

  private copy(): AffineMatrix {
    return new AffineMatrix([this.a, this.b, this.c, this.d, this.e, this.f]);
  }
}

class Unavailable {
  constructor() {
    throw new Error('not available: Lore extracts PDF text without rendering');
  }
}

export function installDomShims(): void {
  const g = globalThis as Record<string, unknown>;
  g.DOMMatrix ??= AffineMatrix;
  g.ImageData ??= Unavailable;
  g.Path2D ??= Unavailable;
}
