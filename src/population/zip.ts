/**
 * What a zip file (an XLSX workbook) holds, read from its central directory without inflating anything, and
 * an inflation of every entry that stops at a byte budget — the directory's sizes can lie, the data cannot.
 */
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly localHeaderOffset: number;
}

export class ZipError extends Error {}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_32 = 0xffffffff;

/** The central directory's entries. Zip64 sizes (4 GB and more) are reported as Infinity. */
export function zipEntries(data: Uint8Array): ZipEntry[] {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let end = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new ZipError('it is not a zip file (no central directory)');
  const count = buf.readUInt16LE(end + 10);
  const dirOffset = buf.readUInt32LE(end + 16);
  if (count === 0xffff || dirOffset === MAX_32) return [{ name: '(zip64)', method: 0, compressedSize: Infinity, uncompressedSize: Infinity, localHeaderOffset: 0 }];
  const entries: ZipEntry[] = [];
  let at = dirOffset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== CENTRAL) throw new ZipError('its central directory is damaged');
    const nameLength = buf.readUInt16LE(at + 28);
    const size = (offset: number): number => {
      const v = buf.readUInt32LE(at + offset);
      return v === MAX_32 ? Infinity : v;
    };
    entries.push({
      name: buf.toString('utf8', at + 46, at + 46 + nameLength),
      method: buf.readUInt16LE(at + 10),
      compressedSize: size(20),
      uncompressedSize: size(24),
      localHeaderOffset: buf.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return entries;
}

export const declaredSize = (entries: readonly ZipEntry[]): number => entries.reduce((sum, e) => sum + e.uncompressedSize, 0);

/**
 * Inflates every entry, stopping as soon as the total passes `budget` bytes; returns the true total, or
 * Infinity when the budget was passed (nothing beyond the budget is ever held in memory).
 */
export function inflatedSize(data: Uint8Array, entries: readonly ZipEntry[], budget: number): number {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let total = 0;
  for (const e of entries) {
    const at = e.localHeaderOffset;
    if (!Number.isFinite(e.compressedSize) || at + 30 > buf.length || buf.readUInt32LE(at) !== LOCAL) throw new ZipError(`the entry ${e.name} is damaged`);
    const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
    const body = buf.subarray(start, start + e.compressedSize);
    const left = budget - total;
    if (e.method === 0) total += body.length;
    else if (e.method === 8) {
      try {
        total += inflateRawSync(body, { maxOutputLength: Math.max(1, left + 1) }).length;
      } catch (err) {
        if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return Infinity;
        throw new ZipError(`the entry ${e.name} cannot be unzipped (${(err as Error).message})`);
      }
    } else throw new ZipError(`the entry ${e.name} uses a compression method (${e.method}) workbooks do not use`);
    if (total > budget) return Infinity;
  }
  return total;
}
