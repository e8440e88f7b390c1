import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { printHubSchema } from '../src/schema/print-schema.js';

const target = path.resolve(import.meta.dirname, '../schema.gql');
await writeFile(target, await printHubSchema());
process.stdout.write(`wrote ${target}\n`);
