/**
 * Which module of src/modules imports which (production files, tests left out), and any pair that
 * imports each other or longer cycle. Exits 1 if there is one.
 *
 *   node --import tsx scripts/module-deps.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MODULES = fileURLToPath(new URL('../src/modules/', import.meta.url));

export function moduleDependencies(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const module of readdirSync(MODULES)) {
    const uses = new Set<string>();
    const files = readdirSync(path.join(MODULES, module), { recursive: true, encoding: 'utf8' });
    for (const file of files.filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      const full = path.join(MODULES, module, file);
      for (const [, target] of readFileSync(full, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
        const relative = path.relative(MODULES, path.resolve(path.dirname(full), target));
        const used = relative.split(path.sep)[0];
        if (!relative.startsWith('..') && used !== module) uses.add(used);
      }
    }
    graph.set(module, uses);
  }
  return graph;
}

/** Each cycle once, as the modules along it (e.g. ['registry', 'coverage']). */
export function cycles(graph: Map<string, Set<string>>): string[][] {
  const found = new Map<string, string[]>();
  const walk = (path: string[]) => {
    for (const next of graph.get(path.at(-1)!) ?? []) {
      const at = path.indexOf(next);
      if (at >= 0) {
        const cycle = path.slice(at);
        found.set([...cycle].sort().join(','), cycle);
      } else walk([...path, next]);
    }
  };
  for (const module of graph.keys()) walk([module]);
  return [...found.values()];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const graph = moduleDependencies();
  for (const [module, uses] of graph) console.log(`${module.padEnd(12)} → ${[...uses].sort().join(', ') || '(none)'}`);
  const found = cycles(graph);
  for (const cycle of found) console.log(`cycle: ${[...cycle, cycle[0]].join(' → ')}`);
  process.exitCode = found.length > 0 ? 1 : 0;
}
