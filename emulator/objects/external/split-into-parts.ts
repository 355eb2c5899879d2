/**
 * Re-chunks a byte stream into parts of exactly `partSize` bytes (the last one shorter; nothing for
 * an empty stream), holding at most about one part in memory. Multipart uploads need parts of at
 * least 5 MiB, while streams arrive in chunks of any size.
 */
export async function* splitIntoParts(
  body: AsyncIterable<Uint8Array>,
  partSize: number,
): AsyncGenerator<Buffer> {
  if (!Number.isInteger(partSize) || partSize < 1) throw new RangeError(`Invalid part size ${partSize}`);
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  for await (const chunk of body) {
    if (chunk.byteLength === 0) continue;
    pending.push(chunk);
    pendingBytes += chunk.byteLength;
    if (pendingBytes < partSize) continue;
    // One copy per filled part, however the chunks were cut, and none per leftover byte.
    const joined = Buffer.concat(pending, pendingBytes);
    let offset = 0;
    for (; joined.byteLength - offset >= partSize; offset += partSize) {
      yield joined.subarray(offset, offset + partSize);
    }
    const rest = joined.subarray(offset);
    pending = rest.byteLength > 0 ? [rest] : [];
    pendingBytes = rest.byteLength;
  }
  if (pendingBytes > 0) yield Buffer.concat(pending, pendingBytes);
}
