import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMigrations, splitStatements } from './migrator.js';

describe('migrations', () => {
  it('splits statements at line-ending semicolons and drops comments', () => {
    expect(splitStatements("-- a table\nCREATE TABLE a (x String DEFAULT ';');\n\n-- and a view\nCREATE VIEW b AS SELECT 1;\n")).toEqual([
      "CREATE TABLE a (x String DEFAULT ';')",
      'CREATE VIEW b AS SELECT 1',
    ]);
  });

  it('loads the numbered files in order', () => {
    const versions = loadMigrations().map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(versions[0]).toBe(1);
  });

  it('rejects badly named and duplicate-numbered files', () => {
    const bad = mkdtempSync(join(tmpdir(), 'mig-'));
    writeFileSync(join(bad, 'create_things.sql'), 'SELECT 1');
    expect(() => loadMigrations(bad)).toThrow(/NNNN_snake_case/);
    const dup = mkdtempSync(join(tmpdir(), 'mig-'));
    writeFileSync(join(dup, '0001_a.sql'), 'SELECT 1');
    writeFileSync(join(dup, '0001_b.sql'), 'SELECT 2');
    expect(() => loadMigrations(dup)).toThrow(/two migrations numbered 1/);
  });
});
