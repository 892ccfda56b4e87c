import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkLayers, folderImports, LAYERS, type Import } from './layers.ts';

/** Reads the sources only: the layer order in `layers.ts` is what docs/architecture.md explains. */
const root = path.dirname(fileURLToPath(import.meta.url));

describe('layers of edge-server/src', () => {
  it('no import goes from a lower layer to a higher one, and no folders import each other', () => {
    expect(checkLayers(folderImports(root))).toEqual({ upward: [], circles: [], unplaced: [] });
  });

  it('every folder has exactly one layer, and every layer names existing folders', () => {
    const folders = fs.readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    const placed = LAYERS.flatMap((l) => l.folders).filter((f) => f !== '.');
    expect([...placed].sort()).toEqual(folders);
    expect(new Set(placed).size).toBe(placed.length);
  });

  it('reports an upward import and a circle', () => {
    const imp = (from: string, to: string): Import => ({ from: `${from}/x.ts`, to: `${to}/y.ts`, fromFolder: from, toFolder: to });
    const report = checkLayers([imp('queue', 'storage'), imp('storage', 'queue'), imp('http', 'audit'), imp('audit', 'http'), imp('nowhere', 'http')]);
    expect(report.upward).toEqual(['storage/x.ts -> queue/y.ts']);
    expect(report.circles).toEqual(expect.arrayContaining([['queue', 'storage'], ['audit', 'http']]));
    expect(report.unplaced).toEqual(['nowhere']);
  });
});
