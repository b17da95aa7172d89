/**
 * The files of published reports, kept in memory: a published inspection cannot change, so its report in
 * one format is rendered once per inspection version and then served from here. Bounded by total bytes;
 * the least recently used file goes first. Never give it a report of an unpublished inspection.
 */
export interface CachedReport {
  readonly body: Buffer | string;
  readonly contentType: string;
  readonly fileName: string;
}

export const REPORT_CACHE_BYTES = 64 * 1024 * 1024;

export const reportCacheKey = (inspectionId: string, format: string, version: number): string => `${inspectionId}/${format}/v${version}`;

export class ReportCache {
  hits = 0;
  misses = 0;
  private bytes = 0;
  private readonly files = new Map<string, CachedReport>();

  constructor(readonly maxBytes: number = REPORT_CACHE_BYTES) {}

  get size(): { files: number; bytes: number } {
    return { files: this.files.size, bytes: this.bytes };
  }

  get(key: string): CachedReport | undefined {
    const file = this.files.get(key);
    if (!file) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Most recently used last.
    this.files.delete(key);
    this.files.set(key, file);
    return file;
  }

  set(key: string, file: CachedReport): void {
    const size = Buffer.byteLength(file.body);
    if (size > this.maxBytes / 4) return; // one file never pushes out all the others
    this.delete(key);
    this.files.set(key, file);
    this.bytes += size;
    for (const [oldest] of this.files) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(oldest);
    }
  }

  private delete(key: string): void {
    const file = this.files.get(key);
    if (!file) return;
    this.files.delete(key);
    this.bytes -= Buffer.byteLength(file.body);
  }
}
