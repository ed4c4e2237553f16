/**
 * The shell's small status files beside the store (health.json,
 * store-check.json): written to a temporary name, then renamed, so a reader
 * (IT's monitoring, the next start) never sees half a file, and a power cut
 * leaves the old one or the new one. Throws on a full disk.
 */
import fs from 'node:fs';

export function writeJsonFile(file: string, value: unknown): void {
  const partial = `${file}.partial`;
  fs.writeFileSync(partial, `${JSON.stringify(value, null, 2)}\n`);
  fs.renameSync(partial, file);
}
