import { XMLBuilder, XMLParser, XMLValidator } from "fast-xml-parser";
import { S3Error } from "./s3-error.js";

/**
 * S3's XML, both ways, in one place. Building escapes text ourselves (CR and other control
 * characters as character references, so keys survive an XML parser's line-end normalization);
 * parsing keeps every value a string (`<Key>0001</Key>` is a key, not the number 1).
 */
export const S3_NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";

export type XmlValue = string | number | boolean | undefined | XmlElement | readonly XmlValue[];
export interface XmlElement {
  readonly [name: string]: XmlValue;
}

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

const ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

/** The five markup characters, and control characters other than tab and LF as references. */
export function escapeXmlText(text: string): string {
  return text.replace(/[&<>"']|(?![\t\n])\p{Cc}/gu, (char) => ESCAPES[char] ?? `&#${char.charCodeAt(0)};`);
}

const ENTITIES: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** XML's predefined entities and character references (`&#13;`, `&#x0D;`), nothing else. */
export function unescapeXmlText(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/giu, (whole, name: string) => {
    if (!name.startsWith("#")) return ENTITIES[name] ?? whole;
    const codePoint =
      name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : whole;
  });
}

// fast-xml-parser marks its bundled builder and validator deprecated in favour of separate packages;
// they are the same code, and one XML dependency is enough.
// eslint-disable-next-line @typescript-eslint/no-deprecated
const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  suppressEmptyNode: true,
  processEntities: false,
  tagValueProcessor: (_name: string, value: unknown) =>
    typeof value === "string" ? escapeXmlText(value) : value,
});

/** `<?xml ...?><Root xmlns="...">...</Root>`, members in the order given, arrays repeated. */
export function buildXml(root: string, body: XmlElement | string, namespace = true): string {
  const content: XmlElement = typeof body === "string" ? { "#text": body } : body;
  const element = namespace ? { "@_xmlns": S3_NAMESPACE, ...content } : content;
  return DECLARATION + builder.build({ [root]: element });
}

const REPEATED = new Set(["Delete.Object", "CompleteMultipartUpload.Part"]);

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: false,
  // Entities are decoded by unescapeXmlText: fast-xml-parser decodes numeric references only in its
  // (deprecated) HTML mode, and SDKs send keys' CR and LF as `&#x0D;` / `&#x0A;`.
  processEntities: false,
  tagValueProcessor: (_name, value) => unescapeXmlText(value),
  ignoreDeclaration: true,
  isArray: (_name, path) => typeof path === "string" && REPEATED.has(path),
});

/** A parsed request document: the root element's content, or MalformedXML. */
export function parseXml(text: string, root: string): XmlNode {
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  if (text.trim() === "" || XMLValidator.validate(text) !== true) throw new S3Error("MalformedXML");
  let document: unknown;
  try {
    document = parser.parse(text);
  } catch {
    // The validator passes documents the parser then refuses (a DOCTYPE declaring external
    // entities, say): still the client's malformed document, not a server error.
    throw new S3Error("MalformedXML");
  }
  const content = isRecord(document) ? document[root] : undefined;
  if (content === undefined) throw new S3Error("MalformedXML");
  return new XmlNode(content);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Typed reading of a parsed element; whitespace between child elements is ignored. */
export class XmlNode {
  constructor(private readonly value: unknown) {}

  /** The text of a child element, or undefined when it is absent. */
  text(name: string): string | undefined {
    const child = isRecord(this.value) ? this.value[name] : undefined;
    if (child === undefined) return undefined;
    if (typeof child === "string") return child;
    // `<Key></Key>` parses as "", `<Key><X/></Key>` as an object: not text.
    throw new S3Error("MalformedXML");
  }

  /** Every child element with this name (none, one or many). */
  children(name: string): XmlNode[] {
    const child = isRecord(this.value) ? this.value[name] : undefined;
    if (child === undefined) return [];
    return (Array.isArray(child) ? (child as unknown[]) : [child]).map((item) => new XmlNode(item));
  }
}
