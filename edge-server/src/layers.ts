import fs from 'node:fs';
import path from 'node:path';

/**
 * The layers of edge-server/src, top first; written once here, checked by `layers.test.ts`, explained in
 * docs/architecture.md. A folder imports folders of its own layer or below, never above; no folders import each
 * other in a circle. Files directly in src/ (app.ts, trust.ts, layers.ts) are the layer `app`.
 */
export const LAYERS: readonly { name: string; folders: readonly string[] }[] = [
  { name: 'main', folders: ['main'] }, // process entry points: server, CLIs, demo seed
  { name: 'ops', folders: ['ops'] }, // backup, health, metrics, cluster: installed by the server around the app
  { name: 'app', folders: ['.'] }, // composition: app.ts builds the server, trust.ts wires audit, TLS, privacy, staff
  { name: 'integrations', folders: ['integrations'] }, // API keys, webhooks: follow the features' events
  { name: 'features', folders: ['appointments', 'printing', 'office'] }, // built on the queue; office: the admin's configuration (issue 11)
  { name: 'domains', folders: ['queue', 'catalogue', 'sessions', 'phrasebook', 'privacy', 'tts', 'speech'] },
  { name: 'transport', folders: ['realtime'] }, // Socket.IO attach, handshake, guard, validated handlers
  { name: 'identity', folders: ['devices', 'staff', 'tls', 'crypto'] }, // who may connect; keys and certificates
  { name: 'base', folders: ['security', 'audit', 'http', 'storage'] }, // helpers, audit chain, HTTP plumbing, database
];

export interface Import {
  from: string;
  to: string;
  fromFolder: string;
  toFolder: string;
}

const IMPORT = /(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** Relative imports between top-level folders of `root` in its non-test sources. */
export function folderImports(root: string): Import[] {
  const files: string[] = [];
  (function walk(dir: string) {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules') walk(p);
      } else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) files.push(p);
    }
  })(root);
  const folderOf = (file: string) => {
    const parts = path.relative(root, file).split(path.sep);
    return parts.length === 1 ? '.' : parts[0];
  };
  const imports: Import[] = [];
  for (const file of files) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const target = path.resolve(path.dirname(file), m[1] ?? m[2]);
      if (!target.startsWith(path.resolve(root) + path.sep)) continue;
      const [fromFolder, toFolder] = [folderOf(file), folderOf(target)];
      if (fromFolder !== toFolder) imports.push({ from: path.relative(root, file), to: path.relative(root, target), fromFolder, toFolder });
    }
  }
  return imports;
}

export interface LayerReport {
  /** Imports from a lower layer to a higher one, as `from -> to`. */
  upward: string[];
  /** Groups of folders that import each other, directly or around a circle. */
  circles: string[][];
  /** Folders that belong to no layer. */
  unplaced: string[];
}

export function checkLayers(imports: readonly Import[], layers = LAYERS): LayerReport {
  const rank = new Map(layers.flatMap((layer, i) => layer.folders.map((f) => [f, i] as const)));
  const folders = new Set(imports.flatMap((i) => [i.fromFolder, i.toFolder]));
  const unplaced = [...folders].filter((f) => !rank.has(f)).sort();
  const upward = imports
    .filter((i) => rank.has(i.fromFolder) && rank.has(i.toFolder) && rank.get(i.toFolder)! < rank.get(i.fromFolder)!)
    .map((i) => `${i.from} -> ${i.to}`);
  return { upward, circles: circles(imports), unplaced };
}

/** Strongly connected components with more than one folder (Tarjan). */
function circles(imports: readonly Import[]): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const i of imports) edges.set(i.fromFolder, (edges.get(i.fromFolder) ?? new Set()).add(i.toFolder));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        group.push(w);
      } while (w !== v);
      if (group.length > 1) found.push(group.sort());
    }
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) visit(v);
  return found;
}
