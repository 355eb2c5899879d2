import { describe, expect, it } from "vitest";
import { s3UrlEncode } from "./list-results.js";
import { S3Error } from "./s3-error.js";
import { buildXml, parseXml } from "./xml.js";

describe("S3 XML", () => {
  it("builds documents with the S3 namespace, repeating arrays and escaping text", () => {
    expect(
      buildXml("R", { Key: `a<&>"'\r`, Empty: "", List: [{ P: "1" }, { P: "2" }], Gone: undefined }),
    ).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><R xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
        "<Key>a&lt;&amp;&gt;&quot;&apos;&#13;</Key><Empty/><List><P>1</P></List><List><P>2</P></List></R>",
    );
  });

  it("parses values as strings, decoding entities and character references once", () => {
    const document = parseXml(
      '<?xml version="1.0"?><Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>0001</Key></Object>' +
        "<Object><Key> a&amp;#13;&#x0D;&#10;&lt; </Key></Object><Quiet>true</Quiet></Delete>",
      "Delete",
    );
    expect(document.children("Object").map((object) => object.text("Key"))).toEqual([
      "0001",
      " a&#13;\r\n< ",
    ]);
    expect(document.text("Quiet")).toBe("true");
  });

  it("ignores indentation between elements", () => {
    const document = parseXml("<Delete>\n  <Object>\n    <Key>k</Key>\n  </Object>\n</Delete>", "Delete");
    expect(document.children("Object").map((object) => object.text("Key"))).toEqual(["k"]);
  });

  it("refuses broken XML, empty bodies and the wrong root as MalformedXML", () => {
    for (const text of ["", "not xml", "<Delete><Object></Delete>", "<Other/>"]) {
      expect(() => parseXml(text, "Delete"), text).toThrow(
        expect.objectContaining({ code: "MalformedXML" }) as S3Error,
      );
    }
  });

  it("url-encodes listing values as S3 does (space as +, slash kept)", () => {
    expect(s3UrlEncode("a b+c/d~é*.txt")).toBe("a+b%2Bc/d%7E%C3%A9*.txt");
  });
});
