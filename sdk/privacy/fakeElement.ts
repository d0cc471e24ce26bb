/**
 * A stand-in for DOM elements in Node unit tests: enough of Element for the privacy rules
 * (closest, querySelector, getRootNode, attributes, type). Selectors: `*`, `tag`, `.class`, `#id`, `[attr]` and
 * `tag:not([attr])`, in comma-separated lists.
 */
export class FakeElement {
  parent: FakeElement | null = null;
  readonly tagName: string;
  readonly attributes: Record<string, string>;
  readonly children: FakeElement[];

  constructor(tag: string, attributes: Record<string, string> = {}, children: FakeElement[] = []) {
    this.tagName = tag.toUpperCase();
    this.attributes = attributes;
    this.children = children;
    for (const child of children) child.parent = this;
  }

  get localName(): string {
    return this.tagName.toLowerCase();
  }

  get type(): string {
    if (this.tagName === 'INPUT') return (this.attributes.type ?? 'text').toLowerCase();
    if (this.tagName === 'TEXTAREA') return 'textarea';
    if (this.tagName === 'SELECT') return 'select-one';
    return '';
  }

  getAttribute(name: string): string | null {
    return this.attributes[name] ?? null;
  }

  hasAttribute(name: string): boolean {
    return name in this.attributes;
  }

  matches(selectors: string): boolean {
    return selectors.split(',').some((s) => this.matchesOne(s.trim()));
  }

  closest(selectors: string): FakeElement | null {
    for (let e: FakeElement | null = this; e; e = e.parent) if (e.matches(selectors)) return e;
    return null;
  }

  querySelector(selectors: string): FakeElement | null {
    for (const child of this.children) {
      const found = child.matches(selectors) ? child : child.querySelector(selectors);
      if (found) return found;
    }
    return null;
  }

  getRootNode(): FakeElement {
    let e: FakeElement = this;
    while (e.parent) e = e.parent;
    return e;
  }

  private matchesOne(selector: string): boolean {
    const not = /^(\w+):not\(\[([\w-]+)\]\)$/.exec(selector);
    if (not) return this.tagName === not[1]!.toUpperCase() && !this.hasAttribute(not[2]!);
    if (selector === '*') return true;
    if (selector.startsWith('.')) return (this.attributes.class ?? '').split(/\s+/).includes(selector.slice(1));
    if (selector.startsWith('#')) return this.attributes.id === selector.slice(1);
    if (selector.startsWith('[')) return this.hasAttribute(selector.slice(1, -1));
    return this.tagName === selector.toUpperCase();
  }
}

/** Builds a fake element typed as an Element, for functions that take one. */
export const el = (tag: string, attributes: Record<string, string> = {}, children: FakeElement[] = []) =>
  new FakeElement(tag, attributes, children);

export const asElement = (e: FakeElement): Element => e as unknown as Element;
