/**
 * Reading a file someone else chose (a pack or its signature on a USB stick), at most `max` bytes of
 * it, and only if it is a regular file. The stick's owner chose what each name is: a link is not
 * followed (it could name /dev/zero, which claims 0 bytes and never ends, or any file of the kiosk's
 * disk), a FIFO is opened without waiting for a writer, and only what the open handle says is a regular
 * file is read, at most `max` + 1 bytes of it whatever its size claimed.
 *
 * Two forms with the same answers: the synchronous one for the command-line tools (pack:check), the
 * asynchronous one for the kiosk's main process, which must not wait on a stick pulled mid-read.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';

/**
 * Why a file was not read: `missing` (no such name), `refused` (a link, not a regular file, too big:
 * the stick holds something the kiosk does not read), `io` (it was there and reading it failed: a
 * failing stick, or one pulled out).
 */
export type ReadFailure = 'missing' | 'refused' | 'io';

export type LimitedRead = { ok: true; bytes: Buffer } | { ok: false; cause: ReadFailure; message: string };

// O_NOFOLLOW and O_NONBLOCK are POSIX; Windows has neither (0), and the fstat check still applies.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

function codeOf(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? (err as Error).message;
}

function openFailed(err: unknown): LimitedRead {
  const code = codeOf(err);
  if (code === 'ELOOP') return { ok: false, cause: 'refused', message: 'is a link, not a file: copy the file itself onto the stick' };
  return { ok: false, cause: code === 'ENOENT' ? 'missing' : 'io', message: `cannot be read (${code})` };
}

function readFailed(err: unknown): LimitedRead {
  return { ok: false, cause: 'io', message: `cannot be read (${codeOf(err)})` };
}

/** Why a file with this handle's stat is not read at all, or null to read it. */
function refusal(stat: Stats, max: number): LimitedRead | null {
  if (!stat.isFile()) return { ok: false, cause: 'refused', message: 'is not a regular file' };
  if (stat.size > max) return { ok: false, cause: 'refused', message: `${stat.size} bytes; at most ${max} are read` };
  return null;
}

function readBytes(buffer: Buffer, length: number, max: number): LimitedRead {
  if (length > max) return { ok: false, cause: 'refused', message: `more than ${max} bytes; at most ${max} are read` };
  return { ok: true, bytes: buffer.subarray(0, length) };
}

export function readLimited(file: string, max: number): LimitedRead {
  let fd: number;
  try {
    fd = openSync(file, OPEN_FLAGS);
  } catch (err) {
    return openFailed(err);
  }
  try {
    const refused = refusal(fstatSync(fd), max);
    if (refused) return refused;
    const buffer = Buffer.alloc(max + 1);
    let length = 0;
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return readBytes(buffer, length, max);
  } catch (err) {
    return readFailed(err);
  } finally {
    // The bytes are in; a stick pulled just now can fail the close too, which changes nothing.
    try {
      closeSync(fd);
    } catch {
      /* closed or gone */
    }
  }
}

export async function readLimitedAsync(file: string, max: number): Promise<LimitedRead> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, OPEN_FLAGS);
  } catch (err) {
    return openFailed(err);
  }
  try {
    const refused = refusal(await handle.stat(), max);
    if (refused) return refused;
    const buffer = Buffer.alloc(max + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return readBytes(buffer, length, max);
  } catch (err) {
    return readFailed(err);
  } finally {
    await handle.close().catch(() => undefined);
  }
}
