/** Small DOM helpers: text always goes in through `textContent`, never as HTML. */
type Attrs = Record<string, string | number | boolean | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  children: (Node | string)[] = [],
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  setAttributes(element, attrs);
  element.append(...children);
  return element;
}

const SVG_NS = "http://www.w3.org/2000/svg";

export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  children: (Node | string)[] = [],
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  setAttributes(element, attrs);
  element.append(...children);
  return element;
}

/** `true` attributes are set empty; `false` and `undefined` ones are left out. */
function setAttributes(element: Element, attrs: Attrs): void {
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(key, value === true ? "" : String(value));
  }
}

/** A titled card section, the dashboard's building block. */
export function card(
  title: string,
  body: (Node | string)[],
  options: { id?: string; wide?: boolean } = {},
): HTMLElement {
  const headingId = `${options.id ?? title.toLowerCase().replace(/\W+/gu, "-")}-heading`;
  return h(
    "section",
    { class: options.wide ? "card wide" : "card", id: options.id, "aria-labelledby": headingId },
    [h("h2", { id: headingId }, [title]), ...body],
  );
}
