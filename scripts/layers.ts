import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';

/**
 * The layering rule of docs/development.md, checked from the imports themselves: a file imports only
 * its own layer or lower ones, nothing imports in a circle, the functions and the stack never import
 * the CLI, the local stack, the fakes or the tests, and the CLI composes entrypoints, never a Lambda
 * handler file. `npm test` runs it (test/unit/layers.test.ts); `npx tsx scripts/layers.ts` prints it.
 */

/** Layers from the bottom up; a path belongs to the longest prefix that names it. */
export const LAYERS: ReadonlyArray<readonly [prefix: string, layer: number]> = [
  ['functions/lib/core/', 0],
  ['functions/lib/model/', 1],
  ['functions/lib/canary/', 2],
  ['functions/lib/output/shared/', 3],
  ['functions/lib/output/native/', 4],
  ['functions/lib/output/ocsf/', 4],
  ['functions/lib/output/ecs/', 4],
  ['functions/lib/output/', 5],
  ['functions/lib/aws/', 6],
  ['functions/lib/sources/', 6],
  ['functions/lib/push/', 7],
  ['functions/lib/entrypoints/', 8],
  ['functions/', 9],
  ['siem/', 9],
  ['infra/', 10],
  ['fakes/', 11],
  ['dev/', 12],
  ['cli/', 13],
  ['scripts/', 14],
  ['bench/', 14],
  ['test/', 14],
];

/** What product code (the functions and the stack) must never import: tools, tests and fakes. */
const PRODUCT = ['functions/', 'infra/'];
const NOT_FOR_PRODUCT = ['cli/', 'dev/', 'fakes/', 'scripts/', 'bench/', 'test/'];

export function layerOf(file: string): number | undefined {
  const found = LAYERS.filter(([prefix]) => file.startsWith(prefix)).sort(
    (a, b) => b[0].length - a[0].length,
  );
  return found[0]?.[1];
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])([^'"]+)\1/g;

/** The repository's own imports, file → files, resolved through relative paths and package.json imports. */
export function importGraph(root = '.'): Map<string, string[]> {
  const aliases = Object.entries(
    (
      JSON.parse(readFileSync(posix.join(root, 'package.json'), 'utf8')) as {
        imports?: Record<string, string>;
      }
    ).imports ?? {},
  ).map(
    ([alias, target]) => [alias.replace(/\*$/, ''), target.replace(/^\.\//, '').replace(/\*$/, '')] as const,
  );
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((f) => /\.(ts|mjs)$/.test(f) && layerOf(f) !== undefined && existsSync(posix.join(root, f)));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    // comments may quote imports; strip them before reading (a crude strip is enough for this code)
    const text = readFileSync(posix.join(root, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
    const targets: string[] = [];
    for (const [, , spec = ''] of text.matchAll(IMPORT)) {
      const alias = aliases.find(([prefix]) => spec.startsWith(prefix));
      const target = spec.startsWith('.')
        ? posix.normalize(posix.join(posix.dirname(file), spec))
        : alias === undefined
          ? undefined
          : alias[1] + spec.slice(alias[0].length);
      if (target?.endsWith('.ts')) targets.push(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

export interface LayerReport {
  files: number;
  imports: number;
  /** Imports from a lower layer to a higher one, and imports product code must not make. */
  backImports: string[];
  /** Import circles, each as its files in order. */
  cycles: string[][];
}

export function checkLayers(graph = importGraph()): LayerReport {
  const backImports: string[] = [];
  let imports = 0;
  for (const [file, targets] of graph) {
    for (const target of targets) {
      imports++;
      const from = layerOf(file) ?? 99;
      const to = layerOf(target) ?? 99;
      if (to > from) backImports.push(`${file} → ${target} (layer ${from} imports layer ${to})`);
      else if (PRODUCT.some((p) => file.startsWith(p)) && NOT_FOR_PRODUCT.some((p) => target.startsWith(p)))
        backImports.push(`${file} → ${target} (product code imports ${target.split('/')[0]}/)`);
      else if (file.startsWith('cli/') && /^functions\/[^/]+\/handler\.ts$/.test(target))
        backImports.push(`${file} → ${target} (the CLI composes entrypoints, not handler files)`);
    }
  }
  return { files: graph.size, imports, backImports, cycles: cyclesOf(graph) };
}

/** Strongly connected components with more than one file (or a file importing itself): Tarjan's. */
function cyclesOf(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indexes = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    indexes.set(file, index);
    low.set(file, index);
    index++;
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!graph.has(target)) continue;
      if (!indexes.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file) as number, low.get(target) as number));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file) as number, indexes.get(target) as number));
      }
    }
    if (low.get(file) !== indexes.get(file)) return;
    const component: string[] = [];
    for (;;) {
      const top = stack.pop() as string;
      onStack.delete(top);
      component.push(top);
      if (top === file) break;
    }
    if (component.length > 1 || (graph.get(file) ?? []).includes(file)) cycles.push(component.reverse());
  };
  for (const file of graph.keys()) if (!indexes.has(file)) visit(file);
  return cycles;
}

if (process.argv[1]?.endsWith('layers.ts')) {
  const report = checkLayers();
  process.stdout.write(
    `${report.files} files, ${report.imports} imports: ${report.backImports.length} back-imports, ${report.cycles.length} circles\n`,
  );
  for (const line of report.backImports) process.stdout.write(`  back: ${line}\n`);
  for (const cycle of report.cycles) process.stdout.write(`  circle: ${cycle.join(' → ')}\n`);
  process.exitCode = report.backImports.length + report.cycles.length === 0 ? 0 : 1;
}
