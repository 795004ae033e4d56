import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { contractJsonSchemas } from '../src/index.js';

const outDir = fileURLToPath(new URL('../json-schema/', import.meta.url));
mkdirSync(outDir, { recursive: true });
for (const [file, text] of Object.entries(contractJsonSchemas())) {
  writeFileSync(`${outDir}${file}`, text);
  console.log(`wrote libs/contracts/json-schema/${file}`);
}
