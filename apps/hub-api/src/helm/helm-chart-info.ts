import { Inject, Injectable } from '@nestjs/common';
import { readArchive, type ArtifactStore } from '@flotilla/git-source';
import { mergeValues } from '@flotilla/reconcile-core';
import type { ValuesSchemaProblem } from '@flotilla/reconcile-core/helm-values';
import { parse as parseYaml } from 'yaml';
import { badInput } from '../common/domain-error.js';
import type { SecretBox } from '../common/secret-box.js';
import type { SourceUrlPolicy } from '../sources/git/source-url-policy.js';
import { ARTIFACT_STORE, SECRET_BOX, SOURCE_URL_POLICY } from '../sources/sources.providers.js';
import { chooseChart, pullChart, storedIndex } from './chart-archive.js';
import { HelmRepositoriesRepository } from './helm-repositories.repository.js';
import { pullOciRepositoryChart } from './oci-chart-pull.js';

// A chart's defaults (values.yaml) and its values.schema.json, read from the archive the hub pulls for the
// fleet (content-addressed in the artifact store, so a chart already pulled is not downloaded again). The
// forms show them beside the values editor; the hub checks a release's values against the same schema on save.

/** values.yaml and values.schema.json are each read up to this size; a bigger one is refused. */
export const MAX_CHART_FILE_BYTES = 1024 * 1024;
const CACHE_ENTRIES = 32;

export interface HelmChartInfo {
  chart: string;
  version: string;
  digest: string;
  defaultValues: string;
  valuesSchema: string | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

@Injectable()
export class HelmChartInfoService {
  /** Parsed archives by digest: an archive never changes, so neither does what is read from it. */
  private readonly cache = new Map<string, HelmChartInfo>();

  constructor(
    private readonly repositories: HelmRepositoriesRepository,
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    @Inject(SOURCE_URL_POLICY) private readonly policy: SourceUrlPolicy,
  ) {}

  /** The chart version the range selects in the repository's stored index (or its registry's tags, type oci); errors are BAD_USER_INPUT on `repository`, `chart` or `version`. */
  async info(namespace: string, repository: string, chart: string, range: string): Promise<HelmChartInfo> {
    const repo = await this.repositories.findByName(namespace, repository);
    if (!repo) throw badInput('repository', `repository: no HelmRepository ${namespace}/${repository}`);
    const deps = { store: this.store, box: this.box, policy: this.policy };
    let pulled;
    if (repo.type === 'oci') {
      pulled = await pullOciRepositoryChart(deps, repo, chart, range);
      if (!pulled.ok) throw badInput(pulled.message.startsWith('chart pull error') || pulled.message.startsWith('invalid chart') ? 'chart' : pulled.reason === 'ChartPullFailed' ? 'version' : 'repository', pulled.message);
    } else {
      const index = await storedIndex(this.store, repo);
      if (!index.ok) throw badInput('repository', `repository: ${index.message}`);
      const chosen = chooseChart(repo, index.index, chart, range);
      if (!chosen.ok) throw badInput(chosen.message.includes('no chart name found') ? 'chart' : 'version', chosen.message);
      pulled = await pullChart(deps, repo, chosen);
      if (!pulled.ok) throw badInput(pulled.reason === 'ChartPullFailed' ? 'chart' : 'repository', pulled.message);
    }
    const cached = this.cache.get(pulled.digest);
    if (cached) return cached;
    const info = await this.read(chart, pulled.version, pulled.digest);
    this.cache.set(pulled.digest, info);
    if (this.cache.size > CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
    return info;
  }

  /**
   * What helm checks before installing: the chart's defaults coalesced with `values`, against its
   * values.schema.json. Empty when the chart has no schema (or one that does not compile, which helm reports).
   */
  async problems(info: HelmChartInfo, values: Record<string, unknown>): Promise<ValuesSchemaProblem[]> {
    if (!info.valuesSchema) return [];
    // The JSON schema validator (ajv, with its three drafts) is loaded by the first chart that has a schema.
    const { compileValuesSchema } = await import('@flotilla/reconcile-core/helm-values');
    const schema = compileValuesSchema(info.valuesSchema);
    if (!schema.ok) return [];
    const defaults: unknown = parseYaml(info.defaultValues);
    return schema.problems(mergeValues(isRecord(defaults) ? defaults : {}, values));
  }

  private async read(chart: string, version: string, digest: string): Promise<HelmChartInfo> {
    // A chart archive has one top directory (the chart's name); subcharts sit deeper and are not read.
    const wanted = /^[^/]+\/(values\.yaml|values\.schema\.json)$/;
    let files: Map<string, Uint8Array>;
    try {
      files = await readArchive(await this.store.get(digest), (p) => wanted.test(p), { maxKeptBytes: 2 * MAX_CHART_FILE_BYTES });
    } catch (err) {
      throw badInput('chart', `chart ${chart} ${version}: the archive cannot be read: ${(err as Error).message}`);
    }
    const file = (name: string): Uint8Array | undefined => [...files.entries()].find(([p]) => p.endsWith(`/${name}`))?.[1];
    const values = file('values.yaml');
    const schema = file('values.schema.json');
    for (const [name, f] of [['values.yaml', values], ['values.schema.json', schema]] as const) {
      if (f && f.byteLength > MAX_CHART_FILE_BYTES) throw badInput('chart', `chart ${chart} ${version}: ${name} is over ${MAX_CHART_FILE_BYTES} bytes`);
    }
    return { chart, version, digest, defaultValues: values ? Buffer.from(values).toString('utf8') : '', valuesSchema: schema ? Buffer.from(schema).toString('utf8') : null };
  }
}
