import { afterEach, describe, expect, it } from "vitest";
import { outputLine } from "../../output/label-metadata.js";
import { openDatabase, type SqliteDatabase } from "../../storage/database.js";
import { ClaimIndex } from "../tasks/claim-index.js";
import { DataObjectRepository } from "../tasks/object-repository.js";
import { ConsolidationRepository } from "./consolidation-repository.js";

/*
 * Manifest pages are joined by SQLite (gt_output_line for consolidated objects): their bytes must
 * be exactly what `outputLine` makes of each object, line after line, on a real database.
 */

const JOB = "arn:aws:sagemaker:us-east-1:123456789012:labeling-job/manifest";
const databases: SqliteDatabase[] = [];
afterEach(() => {
  for (const db of databases.splice(0)) db.close();
});

const LABEL = '{"label":1,"label-metadata":{"class-name":"b","human-annotated":"yes"}}';
// Each input line with what consolidation produced for it (undefined: not consolidated yet).
const OBJECTS: [line: string, content: string | undefined][] = [
  ['{"source-ref":"s3://bucket/a.mp4"}', LABEL],
  ['{"source-ref":"s3://bucket/b.mp4"}', undefined],
  // Not the usual ending: outputLine's slower path (whitespace before and after the brace).
  ['{"source-ref":"s3://bucket/c.mp4" } ', LABEL],
  ['{"source-ref":"s3://bucket/d.mp4"}', "{}"],
  ['{"source-ref":"s3://bucket/vidéo-✓-😀.mp4","note":"ligne\\u2028"}', LABEL],
  ["{}", LABEL],
];

function consolidatedJob(): ConsolidationRepository {
  const db = openDatabase(":memory:");
  databases.push(db);
  new DataObjectRepository(db, new ClaimIndex()).insertObjects(
    JOB,
    0,
    OBJECTS.map(([line]) => line),
  );
  const consolidation = new ConsolidationRepository(db);
  const results = new Map<number, string>();
  OBJECTS.forEach(([, content], objectId) => {
    if (content !== undefined) results.set(objectId, content);
  });
  consolidation.saveResults(JOB, 1, results);
  return consolidation;
}

const expectedLines = OBJECTS.map(([line, content]) => `${outputLine(line, content)}\n`);

describe("manifest pages", () => {
  it("hold each object's output line, in object order, as UTF-8 bytes", () => {
    const page = consolidatedJob().manifestPageAfter(JOB, -1, 100);
    expect(page?.lastObjectId).toBe(OBJECTS.length - 1);
    expect(page?.bytes.toString("utf8")).toBe(expectedLines.join(""));
    expect(page?.bytes.equals(Buffer.from(expectedLines.join("")))).toBe(true);
    // The unconsolidated object's line is its input line, unchanged.
    expect(page?.bytes.toString("utf8").split("\n")[1]).toBe(OBJECTS[1]?.[0]);
  });

  it("page through the job and end past its last object", () => {
    const consolidation = consolidatedJob();
    const pages: string[] = [];
    let after = -1;
    for (let page = consolidation.manifestPageAfter(JOB, after, 4); page !== undefined;) {
      pages.push(page.bytes.toString("utf8"));
      after = page.lastObjectId;
      page = consolidation.manifestPageAfter(JOB, after, 4);
    }
    expect(pages).toEqual([expectedLines.slice(0, 4).join(""), expectedLines.slice(4).join("")]);
    expect(consolidation.manifestPageAfter(JOB, OBJECTS.length - 1, 4)).toBeUndefined();
    expect(
      consolidation.manifestPageAfter("arn:aws:sagemaker:us-east-1:1:labeling-job/none", -1, 4),
    ).toBeUndefined();
  });
});
