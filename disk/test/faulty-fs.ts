// The real file system with faults on demand, for tests of what a reader does when the disk
// says no: the next read or rename of a path fails with the error code given.

import { nodeJsonFileFs, type JsonFileFs } from '../json-file';

export type FaultyOperation = 'read' | 'rename';

export interface FaultyFs extends JsonFileFs {
  /** Makes every `operation` fail with `code` until cleared. */
  fail(operation: FaultyOperation, code: string): void;
}

const fault = (code: string, path: string): Error =>
  Object.assign(new Error(`${code}: injected fault, ${path}`), { code });

export function faultyFs(base: JsonFileFs = nodeJsonFileFs): FaultyFs {
  const failing = new Map<FaultyOperation, string>();
  return {
    fail: (operation, code) => void failing.set(operation, code),
    exists: (path) => base.exists(path),
    read(path, maxBytes) {
      const code = failing.get('read');
      if (code !== undefined) throw fault(code, path);
      return base.read(path, maxBytes);
    },
    rename(from, to) {
      const code = failing.get('rename');
      if (code !== undefined) throw fault(code, from);
      base.rename(from, to);
    },
  };
}
