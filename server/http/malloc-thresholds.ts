/*
 * Node's HTTP parser copies every body chunk (about 64 KiB) into a new buffer from malloc, freed only
 * when V8 next collects, so a 64 MiB upload takes 64 MiB from the C heap and gives it back at once.
 * glibc then returns the top of its heap to the kernel whenever more than its trim threshold
 * (128 KiB, or twice the largest mmap'd block freed so far) is free, and the next upload faults
 * every page in again: 15 % of a 64 MiB PUT's server CPU went to page faults (issue 10, target 5).
 *
 * glibc raises both thresholds by itself when a block it mmap'd, of at most 32 MiB, is freed
 * (mmap threshold = its size, trim threshold = twice that). One such block, allocated and dropped
 * here, untouched so it never becomes resident, makes glibc keep up to 64 MiB of freed heap for
 * reuse, as `GLIBC_TUNABLES=glibc.malloc.trim_threshold=...` would, without a restart. Elsewhere
 * (musl, macOS, Windows) it is an allocation and a free, nothing more.
 */

/** glibc's largest mmap threshold on 64-bit (DEFAULT_MMAP_THRESHOLD_MAX), less room for its header. */
const LARGEST_ADJUSTING_BLOCK = 32 * 1024 * 1024 - 64 * 1024;

let raised = false;

/** Once per process: lets glibc keep freed upload buffers instead of returning them to the kernel. */
export function keepFreedUploadBuffers(): void {
  if (raised) return;
  raised = true;
  // Unzeroed, so no page of it is ever touched; freed (munmap'd) when V8 next collects.
  Buffer.allocUnsafeSlow(LARGEST_ADJUSTING_BLOCK);
}
