import { z } from 'zod';
import { CONTRACTS } from './registry.js';

/** JSON Schema (draft 2020-12) of each contract, describing what producers send (input side). */
export function contractJsonSchemas(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, schema] of Object.entries(CONTRACTS)) {
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
    out[`${name}.schema.json`] = `${JSON.stringify({ $id: `https://authwatch.dev/schemas/${name}.schema.json`, title: name, ...json }, null, 2)}\n`;
  }
  return out;
}
