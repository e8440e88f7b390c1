import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubernetesObject } from '@kubernetes/client-node';
import { runHelm } from '@flotilla/testenv';
import { parseAllDocuments } from 'yaml';

export type ChartName = 'flotilla-hub' | 'flotilla-agent';

export const chartDir = (chart: ChartName): string =>
  path.join(path.dirname(fileURLToPath(import.meta.url)), chart);

/** A rendered object with the fields the tests read; the rest stays reachable through the index signature. */
export interface RenderedObject extends KubernetesObject {
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

/** Values as `--set-json` flags, one per top-level key, so nested values keep their types. */
export function valueFlags(values: Record<string, unknown>): string[] {
  return Object.entries(values).flatMap(([key, value]) => ['--set-json', `${key}=${JSON.stringify(value)}`]);
}

export function parseObjects(yaml: string): RenderedObject[] {
  return parseAllDocuments(yaml)
    .map((d) => d.toJS() as RenderedObject | null)
    .filter((o): o is RenderedObject => o !== null);
}

/** `helm template` of one chart, released under its own name (so objects are named after the chart). */
export async function renderChart(
  chart: ChartName,
  values: Record<string, unknown>,
  namespace = 'flotilla',
): Promise<RenderedObject[]> {
  const { stdout } = await runHelm([
    'template',
    chart,
    chartDir(chart),
    '--namespace',
    namespace,
    ...valueFlags(values),
  ]);
  return parseObjects(stdout);
}

export function find(objects: RenderedObject[], kind: string, name?: string): RenderedObject {
  const found = objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (!found)
    throw new Error(
      `no ${kind}${name ? ` ${name}` : ''} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`,
    );
  return found;
}
