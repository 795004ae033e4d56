import { closeSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

const HEADER_BYTES = 4;
const COMPACT_MIN_BYTES = 64 * 1024 * 1024;

/**
 * Where idle states go when the in-memory budget is exceeded: an append-only file with
 * an in-memory key → offset index (the Bitcask layout), read back synchronously so the
 * feature engine stays synchronous. It is a cache of the changelog, not a second source
 * of truth: it is created empty, rebuilt from the changelog on (re)assignment and
 * deleted on close, so it needs no crash recovery. Each record is a 4-byte length then
 * the UTF-8 value; the file is rewritten once more than half of it is dead and it has grown past 64 MiB.
 */
export class SpillStore {
  private readonly path: string;
  private fd: number;
  private end = 0;
  private deadBytes = 0;
  /** key → [offset, value length] */
  private readonly offsets = new Map<string, [number, number]>();

  constructor(directory: string = tmpdir(), name = 'state', private readonly compactMinBytes = COMPACT_MIN_BYTES) {
    mkdirSync(directory, { recursive: true });
    this.path = join(directory, `authwatch-${name}-${process.pid}-${randomUUID().slice(0, 8)}.spill`);
    this.fd = openSync(this.path, 'w+');
  }

  get size(): number {
    return this.offsets.size;
  }

  /** Bytes the file holds (live and dead). */
  get fileBytes(): number {
    return this.end;
  }

  put(key: string, value: string): void {
    this.forget(key);
    const body = Buffer.from(value, 'utf8');
    const record = Buffer.allocUnsafe(HEADER_BYTES + body.length);
    record.writeUInt32LE(body.length, 0);
    body.copy(record, HEADER_BYTES);
    writeSync(this.fd, record, 0, record.length, this.end);
    this.offsets.set(key, [this.end, body.length]);
    this.end += record.length;
    if (this.end > this.compactMinBytes && this.deadBytes * 2 > this.end) this.compact();
  }

  get(key: string): string | undefined {
    const entry = this.offsets.get(key);
    return entry === undefined ? undefined : this.readAt(entry[0], entry[1]).toString('utf8');
  }

  /** Removes and returns the value (a reload makes the in-memory copy the authoritative one). */
  take(key: string): string | undefined {
    const value = this.get(key);
    if (value !== undefined) this.forget(key);
    return value;
  }

  delete(key: string): boolean {
    return this.forget(key);
  }

  clear(): void {
    this.offsets.clear();
    this.end = 0;
    this.deadBytes = 0;
  }

  close(): void {
    closeSync(this.fd);
    rmSync(this.path, { force: true });
  }

  private forget(key: string): boolean {
    const entry = this.offsets.get(key);
    if (entry === undefined) return false;
    this.deadBytes += HEADER_BYTES + entry[1];
    this.offsets.delete(key);
    return true;
  }

  private readAt(offset: number, length: number): Buffer {
    const body = Buffer.allocUnsafe(length);
    readSync(this.fd, body, 0, length, offset + HEADER_BYTES);
    return body;
  }

  /** Copies the live records into a fresh file, one at a time (no second copy of the data in memory). */
  private compact(): void {
    const nextPath = `${this.path}.compacting`;
    const next = openSync(nextPath, 'w+');
    let end = 0;
    for (const [key, [offset, length]] of this.offsets) {
      const value = this.readAt(offset, length);
      const header = Buffer.allocUnsafe(HEADER_BYTES);
      header.writeUInt32LE(value.length, 0);
      writeSync(next, header, 0, HEADER_BYTES, end);
      writeSync(next, value, 0, value.length, end + HEADER_BYTES);
      this.offsets.set(key, [end, length]);
      end += HEADER_BYTES + value.length;
    }
    closeSync(this.fd);
    renameSync(nextPath, this.path);
    this.fd = next;
    this.end = end;
    this.deadBytes = 0;
  }
}
