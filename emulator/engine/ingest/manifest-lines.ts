/**
 * Splits a byte stream into lines as node's readline does (`\n`, `\r\n` or a lone `\r`), holding
 * at most `maxLineBytes` of one line: a manifest that is one endless line is refused as it
 * streams, not after it has been read into memory (readline would hold the whole of it).
 */
export interface RawLine {
  /** 1-based. */
  lineNumber: number;
  /** Decoded as UTF-8; invalid bytes become U+FFFD, as readline decodes them. */
  text: string;
}

const LF = 0x0a;
const CR = 0x0d;

/** Thrown when a line passes the byte cap; the caller words the failure. */
export class LineTooLong extends Error {
  constructor(readonly lineNumber: number) {
    super(`line ${lineNumber} is too long`);
  }
}

export async function* splitLines(
  body: AsyncIterable<Uint8Array>,
  maxLineBytes: number,
): AsyncGenerator<RawLine> {
  const decoder = new TextDecoder();
  let pieces: Uint8Array[] = [];
  let size = 0;
  let lineNumber = 0;
  // A `\r` ended the last chunk: a `\n` starting the next one belongs to the same line break.
  let afterCr = false;
  const take = (): RawLine => {
    const text = decoder.decode(Buffer.concat(pieces, size));
    pieces = [];
    size = 0;
    lineNumber++;
    return { lineNumber, text };
  };
  const keep = (piece: Uint8Array): void => {
    size += piece.byteLength;
    if (size > maxLineBytes) throw new LineTooLong(lineNumber + 1);
    pieces.push(piece);
  };
  for await (const chunk of body) {
    let start = 0;
    if (afterCr && chunk[0] === LF) start = 1;
    afterCr = false;
    for (let index = start; index < chunk.length; index++) {
      const byte = chunk[index];
      if (byte !== LF && byte !== CR) continue;
      keep(chunk.subarray(start, index));
      yield take();
      if (byte === CR) {
        if (index + 1 === chunk.length) afterCr = true;
        else if (chunk[index + 1] === LF) index++;
      }
      start = index + 1;
    }
    if (start < chunk.length) keep(chunk.subarray(start));
  }
  if (size > 0) yield take();
}
