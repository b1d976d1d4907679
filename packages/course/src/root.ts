/** The workbook's root folder: this file is packages/course/src/root.ts. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)));
