import { readFileSync } from 'node:fs';

/**
 * The line of each key under `storage` in a YAML file (`storage.postgres.host` → 4), for showing
 * where a value came from. The file has already been read and checked; what this parser cannot
 * place (an alias, a merge key) simply has no line.
 */
export async function keyLines(path: string): Promise<Map<string, number>> {
  const { LineCounter, isMap, isScalar, parseDocument } = await import('yaml');
  const lineCounter = new LineCounter();
  const document = parseDocument(readFileSync(path, 'utf8'), { lineCounter });
  const lines = new Map<string, number>();
  const visit = (node: unknown, prefix: string, depth: number): void => {
    if (!isMap(node)) return;
    for (const pair of node.items) {
      if (!isScalar(pair.key) || pair.key.range === undefined || pair.key.range === null) continue;
      const path = `${prefix}.${String(pair.key.value)}`;
      lines.set(path, lineCounter.linePos(pair.key.range[0]).line);
      if (depth > 0) visit(pair.value, path, depth - 1);
    }
  };
  if (isMap(document.contents)) {
    const storage = document.contents.items.find((pair) => isScalar(pair.key) && pair.key.value === 'storage');
    visit(storage?.value, 'storage', 1);
  }
  return lines;
}
