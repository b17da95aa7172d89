/**
 * A framework file as text (JSON, or YAML written by hand) to data, and the line a problem's path is on:
 * shared by `yjinspect framework check` and the site administrator's upload.
 */
import { extname } from 'node:path';
import { LineCounter, isMap, isNode, isScalar, parseDocument, type Document } from 'yaml';

/** JSON for .json; YAML for anything else (JSON is YAML too). */
export function parseFrameworkText(file: string, text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  if (extname(file).toLowerCase() === '.json') {
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch (err) {
      return { ok: false, message: `${file} is not valid JSON (${(err as Error).message})` };
    }
  }
  // YAML for .yaml, .yml and anything else (JSON is YAML too).
  const doc = parseDocument(text, { prettyErrors: true });
  const error = doc.errors[0];
  if (error) return { ok: false, message: `${file} is not valid YAML: ${error.message.split('\n')[0]!.replace(/:$/, '')}` };
  return { ok: true, value: doc.toJS() };
}

/** The line of a problem's path in the file (JSON is YAML too), or of its nearest parent that is there. */
export function frameworkLineFinder(text: string): (path: string) => number | undefined {
  const counter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: counter });
  return (path) => {
    const parts: (string | number)[] = [];
    for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) parts.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
    for (let n = parts.length; n > 0; n--) {
      const last = parts[n - 1]!;
      const parent = n === 1 ? doc.contents : doc.getIn(parts.slice(0, n - 1), true);
      // A field: the line of its name (a nested block's value starts on the line after).
      const pair = typeof last === 'string' && isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === last) : undefined;
      const node = pair && isNode(pair.key) ? pair.key : doc.getIn(parts.slice(0, n), true);
      if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
    }
    return undefined;
  };
}
