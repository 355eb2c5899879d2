import fc from "fast-check";

/*
 * XML request documents for DeleteObjects and CompleteMultipartUpload: well-formed ones with odd
 * content, damaged ones, and the classic entity attacks (billion laughs, external entities), which
 * must never be expanded.
 */

const xmlText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.constantFrom(
    "",
    " ",
    "&amp;",
    "&#x0D;",
    "&#0;",
    "&#xFFFFFF;",
    "&lol9;",
    "&xxe;",
    "]]>",
    "<![CDATA[x]]>",
    "1",
    "99999",
    "-1",
    '"etag"',
  ),
);

/** `<Delete>` with Object/Key/VersionId children, Quiet, in random shapes. */
const deleteDocument = fc
  .record({
    objects: fc.array(fc.record({ key: xmlText, version: fc.option(xmlText) }), { maxLength: 8 }),
    quiet: fc.option(fc.constantFrom("true", "false", "TRUE", "yes", "")),
    namespace: fc.boolean(),
  })
  .map(({ objects, quiet, namespace }) => {
    const children = objects
      .map(
        ({ key, version }) =>
          `<Object><Key>${key}</Key>${version === null ? "" : `<VersionId>${version}</VersionId>`}</Object>`,
      )
      .join("");
    const ns = namespace ? ' xmlns="http://s3.amazonaws.com/doc/2006-03-01/"' : "";
    return `<?xml version="1.0" encoding="UTF-8"?><Delete${ns}>${quiet === null ? "" : `<Quiet>${quiet}</Quiet>`}${children}</Delete>`;
  });

/** `<CompleteMultipartUpload>` with Part/PartNumber/ETag children. */
const completeDocument = fc
  .array(fc.record({ number: xmlText, etag: xmlText }), { maxLength: 6 })
  .map(
    (parts) =>
      `<CompleteMultipartUpload>${parts
        .map(({ number, etag }) => `<Part><PartNumber>${number}</PartNumber><ETag>${etag}</ETag></Part>`)
        .join("")}</CompleteMultipartUpload>`,
  );

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<ROOT><Object><Key>&lol9;</Key></Object><Part><PartNumber>1</PartNumber><ETag>&lol9;</ETag></Part></ROOT>`;

const EXTERNAL_ENTITY = `<?xml version="1.0"?>
<!DOCTYPE ROOT [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY % remote SYSTEM "http://127.0.0.1:1/x.dtd">%remote;]>
<ROOT><Object><Key>&xxe;</Key></Object><Part><PartNumber>1</PartNumber><ETag>&xxe;</ETag></Part></ROOT>`;

/** The attacks, for both roots: the body names `ROOT`, replaced by the operation's element. */
export const ENTITY_ATTACKS: readonly string[] = [BILLION_LAUGHS, EXTERNAL_ENTITY];

/** A document for the operation's root element, valid-ish, damaged or hostile. */
export const xmlBody = (root: "Delete" | "CompleteMultipartUpload"): fc.Arbitrary<string> =>
  fc.oneof(
    root === "Delete" ? deleteDocument : completeDocument,
    fc
      .tuple(root === "Delete" ? deleteDocument : completeDocument, fc.nat())
      .map(([text, cut]) => text.slice(0, cut % (text.length + 1))),
    fc.constantFrom(...ENTITY_ATTACKS).map((text) => text.replaceAll("ROOT", root)),
    fc.constantFrom(
      "",
      "<",
      `<${root}/>`,
      `<${root}>`,
      `<${root}><${root}></${root}></${root}>`,
      `<?xml version="1.0" encoding="UTF-16"?><${root}/>`,
      `\ufeff<${root}><!-- c --><?pi x?></${root}>`,
      `<a:${root} xmlns:a="urn:x"><a:Object><a:Key>k</a:Key></a:Object></a:${root}>`,
      `<${root}>${"<Object><Key>k</Key></Object>".repeat(1_001)}</${root}>`,
      `<${root}>${"<x>".repeat(20_000)}${"</x>".repeat(20_000)}</${root}>`,
    ),
    fc.string({ unit: "binary", maxLength: 200 }),
  );
