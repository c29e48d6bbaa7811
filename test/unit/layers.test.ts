import { describe, expect, it } from 'vitest';
import { checkLayers, importGraph, layerOf } from '#scripts/layers.ts';

describe('the layering rule (docs/development.md)', () => {
  const graph = importGraph();

  it('reads the whole house: every product folder, and imports through relative paths and aliases', () => {
    expect(graph.size).toBeGreaterThan(150);
    expect(graph.get('functions/lib/entrypoints/collector.ts')).toContain('functions/lib/core/collect.ts');
    expect(graph.get('cli/commands/run.ts')).toContain('dev/stack.ts');
  });

  it('has no import from a lower layer to a higher one, none from product code to tools or fakes, no circle', () => {
    const report = checkLayers(graph);
    expect(report.backImports).toEqual([]);
    expect(report.cycles).toEqual([]);
  });

  it('would see a back-import, a product import of the fakes, a handler import by the CLI and a circle', () => {
    const bad = new Map<string, string[]>([
      ['functions/lib/core/collect.ts', ['functions/lib/aws/registry.ts']],
      ['functions/lib/aws/registry.ts', ['functions/lib/core/collect.ts']],
      ['infra/app.ts', ['fakes/simulator/server.ts']],
      ['cli/commands/run.ts', ['functions/incidents/handler.ts']],
    ]);
    const report = checkLayers(bad);
    expect(report.backImports).toHaveLength(3);
    expect(report.cycles).toEqual([['functions/lib/core/collect.ts', 'functions/lib/aws/registry.ts']]);
    expect(layerOf('functions/lib/output/native/incident.ts')).toBeLessThan(
      layerOf('functions/lib/output/format.ts') ?? 0,
    );
  });
});
