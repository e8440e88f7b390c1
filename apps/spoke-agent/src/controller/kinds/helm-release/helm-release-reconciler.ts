import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { compileDriftIgnore, FLUX_KINDS } from '@flotilla/reconcile-core';
import { helmReleaseSpec } from '@flotilla/protocol/flux';
import { stringify } from 'yaml';
import { durationOr } from '../../../helm/durations.js';
import type { HelmArtifactStorage } from '../../../helm/helm-artifact-storage.js';
import type { HelmCli } from '../../../helm/helm-cli.js';
import { RestMapper } from '../../../k8s/discovery.js';
import type { KubeClient } from '../../../k8s/kube-client.js';
import { isRecord } from '../../../k8s/object-ref.js';
import { jittered } from '../../../reconcile/index.js';
import { generationOf, readyOf } from '../../flux-object.js';
import type { ArtifactOpener, FluxEvent, FluxObject, KindReconciler, KindWatch, ReconcileContext, ReconcileResult } from '../../kind-reconciler.js';
import { statusArtifactOf } from '../helm-repository/helm-repository-reconciler.js';
import { valuesDigest } from './canonical-digest.js';
import { applyChartCrds } from './chart-crds.js';
import { gatherRecords, releaseNamespaces, withLentRecords } from './release-storage.js';
import { unsupportedFields } from './unsupported-fields.js';
import { installArgs, installCrdPolicy, rollbackArgs, runAction, testArgs, timeoutOf, uninstallArgs, upgradeArgs, type ActionTarget } from './helm-actions.js';
import { chartRefOf, deleteHelmChart, ensureHelmChart } from './helm-chart-template.js';
import { activeRemediation, determineReleaseState, mustStop, nextAction, retriesExhausted, type Desired, type ReleaseAction } from './release-decision.js';
import { correctDrift, detectDrift, summarizeDrift } from './release-drift.js';
import { releaseNameOf } from '@flotilla/reconcile-core';
import { listReleaseRecords, unlockRelease, type ReleaseRecord } from './release-records.js';
import { fullReleaseName, ReleaseStatus, versionedChartName } from './release-status.js';
import { composeValues } from './release-values.js';
import type { PostRenderServer } from '../../../helm/post-render-server.js';
import { hasPostRender } from '../../../helm/post-render.js';
import { sourceChartLoader, type LoadedChart, type SourceChartKind } from './source-chart.js';

// HelmReleases reconciled with the real helm binary, as helm-controller reconciles them: an outer gate (spec,
// dependencies, the chart's artifact, the values), then a loop that reads Helm's release records, decides the
// next action from them (install, upgrade, test, rollback or uninstall to remediate, unlock, nothing) and runs
// it, until the release is in sync or the install/upgrade strategy says to stop. Helm's records are the truth:
// the status only mirrors them (history snapshots, digests), so `helm list` and `helm history` agree with it.

const HR = FLUX_KINDS.HelmRelease;
const HC = FLUX_KINDS.HelmChart;
const SOURCE_KINDS = { HelmChart: HC, OCIRepository: FLUX_KINDS.OCIRepository, ExternalArtifact: FLUX_KINDS.ExternalArtifact } as const;
type ChartSourceKind = keyof typeof SOURCE_KINDS;
/** helm-controller's `--requeue-dependency`. */
const DEPENDENCY_REQUEUE_MS = 30_000;
const ARTIFACT_REQUEUE_MS = 10_000;
/** More actions than any path needs (unlock, upgrade, test, rollback…): a guard against a loop that never settles. */
const MAX_ACTIONS = 8;

export interface HelmReleaseReconcilerOptions {
  kube: KubeClient;
  helm: HelmCli;
  storage: HelmArtifactStorage;
  /** Scratch space for values files (inside the agent's cache directory). */
  workDir: string;
  /** Opens the artifacts of the chartRef kinds other than HelmChart (the agent's OCIRepository storage, the hub's ExternalArtifacts). */
  openers?: Partial<Record<SourceChartKind, ArtifactOpener>>;
  /** Serves helm's post-renderer plugin (postRenderers, commonMetadata); without it they are refused. */
  postRender?: PostRenderServer;
  random?: () => number;
}

const refOf = (o: FluxObject) => ({ namespace: o.metadata?.namespace ?? 'default', name: o.metadata?.name ?? '' });

function rawChartRef(o: FluxObject): { kind: ChartSourceKind; namespace: string; name: string } | undefined {
  const hr = refOf(o);
  const spec = o.spec ?? {};
  if (isRecord(spec.chart) && isRecord(spec.chart.spec) && isRecord(spec.chart.spec.sourceRef)) {
    const ns = spec.chart.spec.sourceRef.namespace;
    return { kind: 'HelmChart', namespace: typeof ns === 'string' && ns ? ns : hr.namespace, name: `${hr.namespace}-${hr.name}` };
  }
  if (isRecord(spec.chartRef) && typeof spec.chartRef.kind === 'string' && spec.chartRef.kind in SOURCE_KINDS && typeof spec.chartRef.name === 'string') {
    const ns = spec.chartRef.namespace;
    return { kind: spec.chartRef.kind as ChartSourceKind, namespace: typeof ns === 'string' && ns ? ns : hr.namespace, name: spec.chartRef.name };
  }
  return undefined;
}

function dependsOnRefs(o: FluxObject): Array<{ namespace: string; name: string }> {
  const deps = Array.isArray(o.spec?.dependsOn) ? o.spec.dependsOn : [];
  return deps.flatMap((d) => (isRecord(d) && typeof d.name === 'string' ? [{ name: d.name, namespace: typeof d.namespace === 'string' && d.namespace ? d.namespace : refOf(o).namespace }] : []));
}


export function createHelmReleaseReconciler(opts: HelmReleaseReconcilerOptions): KindReconciler {
  const mapper = new RestMapper(opts.kube);
  const sourceCharts = sourceChartLoader({ helm: opts.helm, storage: opts.storage, workDir: opts.workDir, openers: opts.openers ?? {} });
  const chartSource = (sourceKind: ChartSourceKind): KindWatch => ({
    kind: SOURCE_KINDS[sourceKind],
    affected: ({ object, previous, deleted }, lookup) => {
      // A new artifact, and also a chart that turns ready or not: a release judged against a stale read of its
      // chart (just re-applied from chart.spec) would otherwise wait for its interval to see the chart fail.
      const same =
        previous &&
        statusArtifactOf(previous.status)?.digest === statusArtifactOf(object.status)?.digest &&
        readyOf(previous)?.status === readyOf(object)?.status &&
        previous.status?.observedGeneration === object.status?.observedGeneration;
      if (!deleted && same) return [];
      const key = `${object.metadata?.namespace}/${object.metadata?.name}`;
      return lookup.list(HR).filter((hr) => {
        const ref = rawChartRef(hr);
        return ref !== undefined && ref.kind === sourceKind && `${ref.namespace}/${ref.name}` === key;
      });
    },
  });
  const dependencies: KindWatch = {
    kind: HR,
    affected: ({ object, previous, deleted }, lookup) => {
      const readyNow = !deleted && readyOf(object)?.status === 'True';
      if (!readyNow || (previous && readyOf(previous)?.status === 'True')) return [];
      const key = `${object.metadata?.namespace}/${object.metadata?.name}`;
      return lookup.list(HR).filter((hr) => dependsOnRefs(hr).some((d) => `${d.namespace}/${d.name}` === key));
    },
  };

  async function withValuesFile<T>(values: Record<string, unknown>, fn: (file: string) => Promise<T>): Promise<T> {
    await mkdir(opts.workDir, { recursive: true, mode: 0o700 });
    const file = path.join(opts.workDir, `values-${randomBytes(8).toString('hex')}.yaml`);
    await writeFile(file, stringify(values), { mode: 0o600 });
    try {
      return await fn(file);
    } finally {
      await rm(file, { force: true });
    }
  }

  return {
    kind: HR,
    watches: [chartSource('HelmChart'), ...(opts.openers?.OCIRepository ? [chartSource('OCIRepository')] : []), ...(opts.openers?.ExternalArtifact ? [chartSource('ExternalArtifact')] : []), dependencies],

    async reconcile(obj: FluxObject, ctx: ReconcileContext): Promise<ReconcileResult> {
      const hr = refOf(obj);
      const generation = generationOf(obj);
      const st = new ReleaseStatus(obj.status, ctx.now);
      const events: FluxEvent[] = [];
      const finish = (extra: Partial<ReconcileResult> = {}): ReconcileResult => ({ status: st.toObject(), events, ...extra });
      /** Ready=False for a problem before any helm action, with Flux's reason. */
      const gateFailure = (reason: string, message: string, o: { stalled?: boolean; requeueAfterMs?: number } = {}): ReconcileResult => {
        st.set('Ready', 'False', reason, message);
        st.remove('Reconciling');
        if (o.stalled) {
          st.set('Stalled', 'True', reason, message);
          st.fields.observedGeneration = generation;
        }
        events.push({ type: 'Warning', reason, message });
        return finish(o.stalled ? {} : { failed: true, ...(o.requeueAfterMs ? { requeueAfterMs: o.requeueAfterMs } : {}) });
      };

      const parsed = helmReleaseSpec.safeParse(obj.spec ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return gateFailure('InvalidSpec', `invalid spec: ${issue?.path.map(String).join('.') || 'spec'}: ${issue?.message ?? 'invalid'}`, { stalled: true });
      }
      const spec = parsed.data;
      const unsupported = unsupportedFields(spec, opts.postRender !== undefined);
      if (unsupported.length) return gateFailure('UnsupportedField', `spec.${unsupported.join(', spec.')} ${unsupported.length > 1 ? 'are' : 'is'} not supported by this agent yet`, { stalled: true });
      const ignoreRules = compileDriftIgnore(spec.driftDetection?.ignore ?? []);
      if (!ignoreRules.ok) return gateFailure('InvalidSpec', `invalid spec: driftDetection.${ignoreRules.errors.map((e) => e.message).join('; ')}`, { stalled: true });
      const driftIgnore = ignoreRules.value.rules.length ? ignoreRules.value : undefined;
      st.remove('Stalled');
      const intervalMs = durationOr(spec.interval, 10 * 60_000);
      const releaseName = releaseNameOf({ ...hr, releaseName: spec.releaseName, targetNamespace: spec.targetNamespace });
      const { target: namespace, storage } = releaseNamespaces(hr.namespace, spec);
      st.fields.storageNamespace = storage;

      for (const dep of dependsOnRefs(obj)) {
        const d = ctx.get(HR, dep.namespace, dep.name);
        const ready = d && readyOf(d)?.status === 'True' && d.status?.observedGeneration === generationOf(d);
        if (!ready) return gateFailure('DependencyNotReady', `dependency '${dep.namespace}/${dep.name}' is not ready`, { requeueAfterMs: DEPENDENCY_REQUEUE_MS });
      }

      // The chart: the owned HelmChart (created from chart.spec) or the one chartRef names, and its artifact.
      if (spec.chart) {
        const refused = await ensureHelmChart(opts.kube, hr, spec);
        if (refused) return gateFailure('ArtifactFailed', refused);
      }
      const chartRef = rawChartRef({ ...obj, spec }) as { kind: ChartSourceKind; namespace: string; name: string };
      if (chartRef.kind === 'HelmChart') st.fields.helmChart = `${chartRef.namespace}/${chartRef.name}`;
      else delete st.fields.helmChart;
      const source = ctx.get(SOURCE_KINDS[chartRef.kind], chartRef.namespace, chartRef.name);
      const artifact = source ? statusArtifactOf(source.status) : undefined;
      // A source that failed its latest build still holds its last artifact; the release waits rather than
      // reconciling a chart other than the one asked for (helm-controller checks readiness the same way).
      // The hub's ExternalArtifacts carry no observedGeneration: their Ready condition is their whole state.
      const reconciled = source?.status?.observedGeneration === (source ? generationOf(source) : undefined) || (chartRef.kind === 'ExternalArtifact' && source?.status?.observedGeneration === undefined);
      const sourceReady = source !== undefined && readyOf(source)?.status === 'True' && reconciled;
      if (!source || !artifact || !sourceReady) {
        return gateFailure('ArtifactFailed', `${chartRef.kind} '${chartRef.namespace}/${chartRef.name}' is not ready: ${source ? (readyOf(source)?.message ?? 'no artifact yet') : 'not found'}`, { requeueAfterMs: ARTIFACT_REQUEUE_MS });
      }
      let loaded: LoadedChart;
      if (chartRef.kind === 'HelmChart') {
        const chartFile = await opts.storage.read('helmchart', chartRef, artifact.path, artifact.digest);
        if (!chartFile.ok) return gateFailure('ArtifactFailed', `failed to load chart from HelmChart '${chartRef.namespace}/${chartRef.name}': ${chartFile.message}`, { requeueAfterMs: ARTIFACT_REQUEUE_MS });
        loaded = { file: chartFile.file, name: String(source.status?.observedChartName ?? spec.chart?.spec.chart ?? ''), version: artifact.revision };
      } else {
        const got = await sourceCharts.load(hr, chartRef.kind, source, artifact, ctx.signal);
        if (!got.ok) return gateFailure('ArtifactFailed', `failed to load chart from ${chartRef.kind} '${chartRef.namespace}/${chartRef.name}': ${got.message}`, { requeueAfterMs: got.retryAfterMs ?? ARTIFACT_REQUEUE_MS });
        loaded = got;
      }
      const chartName = loaded.name;
      const chartVersion = loaded.version;

      const composed = await composeValues(opts.kube, hr.namespace, spec);
      if (!composed.ok) return gateFailure('InitFailed', `could not compose values: ${composed.message}`);
      const configDigest = valuesDigest(composed.values);

      // A new generation, chart or set of values is a new attempt: the failure counts start again.
      if (st.fields.lastAttemptedGeneration !== generation || st.fields.lastAttemptedRevision !== chartVersion || st.fields.lastAttemptedConfigDigest !== configDigest) st.clearFailures();
      st.fields.lastAttemptedGeneration = generation;
      st.fields.lastAttemptedRevision = chartVersion;
      st.fields.lastAttemptedRevisionDigest = artifact.digest;
      st.fields.lastAttemptedConfigDigest = configDigest;

      // helm-controller records digests of the post-renderers and commonMetadata a release was made with; a change
      // of either makes the release out of sync.
      const postRenderersDigest = spec.postRenderers?.length ? valuesDigest(spec.postRenderers) : undefined;
      const commonMetadataDigest = spec.commonMetadata ? valuesDigest(spec.commonMetadata) : undefined;
      const desired: Desired = {
        chartName,
        chartVersion,
        configDigest,
        testEnabled: spec.test?.enable === true,
        ignoreTestFailures: spec.test?.ignoreFailures ?? false,
      };
      const postRenderChanged = () => st.fields.observedPostRenderersDigest !== postRenderersDigest || st.fields.observedCommonMetadataDigest !== commonMetadataDigest;
      const target: ActionTarget = {
        releaseName,
        namespace,
        chartFile: loaded.file,
        ...(spec.serviceAccountName ? { impersonate: `system:serviceaccount:${hr.namespace}:${spec.serviceAccountName}` } : {}),
      };
      const lastAction = (): 'install' | 'upgrade' | undefined => (st.fields.lastAttemptedReleaseAction === 'install' || st.fields.lastAttemptedReleaseAction === 'upgrade' ? st.fields.lastAttemptedReleaseAction : undefined);
      const counts = () => ({ failures: st.counter('failures'), installFailures: st.counter('installFailures'), upgradeFailures: st.counter('upgradeFailures') });
      const chartText = versionedChartName({ chartName, chartVersion });

      let records: ReleaseRecord[] = [];
      const readRecords = async () => {
        records = await listReleaseRecords(opts.kube, storage, releaseName);
        return records;
      };
      return withValuesFile(composed.values, async (valuesFile) => {
        // Records an agent stopped mid-command left where helm wrote them go back to the storage namespace first.
        if (storage !== namespace) {
          try {
            await gatherRecords(opts.kube, namespace, storage, releaseName);
          } catch (err) {
            return gateFailure('GetLastReleaseFailed', (err as Error).message);
          }
        }
        for (let i = 0; i < MAX_ACTIONS; i++) {
          try {
            await readRecords();
          } catch (err) {
            return gateFailure('GetLastReleaseFailed', (err as Error).message);
          }
          const state = determineReleaseState(records, st.history, { ...desired, postRenderChanged: postRenderChanged() });
          if (state.status === 'Unmanaged') st.history = [];
          const rollbackTarget = st.history.slice(1).find((h) => h.status === 'deployed' || h.status === 'superseded');
          const next = nextAction(state, spec, lastAction(), counts(), rollbackTarget !== undefined && records.some((r) => r.version === rollbackTarget.version));
          if (next.action === 'none') {
            // In sync: a remediated release that now matches the desired state counts as upgraded.
            if (st.get('Remediated')?.status === 'True' && state.status === 'InSync') {
              st.remove('Remediated');
              st.set('Released', 'True', 'UpgradeSucceeded', `Helm upgrade succeeded for release ${fullReleaseName(state.record)} with chart ${chartText}`);
            }
            if (state.status === 'InSync') {
              st.observe(state.record);
              await checkDrift(state.record);
            }
            st.summarize();
            st.remove('Reconciling');
            st.fields.observedGeneration = generation;
            return finish({ requeueAfterMs: jittered(intervalMs, opts.random) });
          }
          if (next.action === 'stalled') {
            const rem = activeRemediation(spec, lastAction(), counts());
            const n = rem?.failures ?? counts().failures;
            const message = `Failed to ${lastAction() ?? 'install'} after ${n} attempt(s)`;
            st.set('Stalled', 'True', 'RetriesExceeded', message);
            st.remove('Reconciling');
            st.summarize();
            if (st.get('Ready')?.status !== 'False') st.set('Ready', 'False', 'RetriesExceeded', message);
            st.fields.observedGeneration = generation;
            return finish();
          }
          if (next.action === 'error') {
            st.set('Ready', 'False', 'ReconcileError', next.message);
            events.push({ type: 'Warning', reason: 'ReconcileError', message: next.message });
            return finish({ failed: true });
          }
          const action: ReleaseAction = next.action;
          const actionTimeout = action === 'unlock' ? '' : timeoutOf(spec, action);
          const running = `Running '${action}' action with timeout of ${actionTimeout}`;
          st.set('Reconciling', 'True', 'Progressing', running);
          if (action === 'install' || action === 'upgrade') st.set('Ready', 'Unknown', 'Progressing', running);
          await ctx.progress(st.toObject());

          const failed = await run(action, valuesFile, rollbackTarget?.version);
          if (ctx.signal.aborted) return finish({ failed: true });
          if (mustStop(spec, action, failed, lastAction())) {
            st.summarize();
            const rem = activeRemediation(spec, lastAction(), counts());
            if (rem && retriesExhausted(rem) && (action === 'rollback' || action === 'uninstall')) {
              st.set('Stalled', 'True', 'RetriesExceeded', `Failed to ${rem.action} after ${rem.failures} attempt(s)`);
              st.remove('Reconciling');
              st.fields.observedGeneration = generation;
              return finish();
            }
            st.set('Reconciling', 'True', 'ProgressingWithRetry', st.get('Ready')?.message ?? '');
            // RetryOnFailure tries the failed action again after its retryInterval; a remediation is followed by
            // the next attempt at once, with the runtime's backoff.
            const retryInterval = action === 'install' ? spec.install?.strategy?.retryInterval : action === 'upgrade' ? spec.upgrade?.strategy?.retryInterval : undefined;
            return finish({ failed: true, ...(action === 'install' || action === 'upgrade' ? { requeueAfterMs: durationOr(retryInterval, intervalMs) } : {}) });
          }
        }
        st.set('Ready', 'False', 'ReconcileError', `the release did not settle after ${MAX_ACTIONS} actions`);
        return finish({ failed: true });
      });

      /**
       * driftDetection on a release in sync: `warn` reports what changed in an event, `enabled` also applies the
       * release's objects again. Either way the release stays in sync (no new helm revision).
       */
      async function checkDrift(record: ReleaseRecord): Promise<void> {
        const mode = spec.driftDetection?.mode ?? 'disabled';
        if (mode === 'disabled') return;
        const client = kubeFor();
        const report = await detectDrift(client, mapper, record.manifest, { name: releaseName, namespace }, driftIgnore);
        if (report.errors.length) events.push({ type: 'Warning', reason: 'DriftDetectionFailed', message: `unable to determine cluster state of release ${fullReleaseName(record)}: ${report.errors.join('; ')}`, revision: chartVersion });
        if (!report.drifted.length) return;
        events.push({ type: 'Warning', reason: 'DriftDetected', message: `Cluster state of release ${fullReleaseName(record)} has drifted from the desired state:\n${summarizeDrift(report.drifted)}`, revision: chartVersion });
        if (mode !== 'enabled') return;
        const failures = await correctDrift(client, report.drifted);
        if (failures.length) events.push({ type: 'Warning', reason: 'DriftCorrectionFailed', message: `Failed to correct cluster state of release ${fullReleaseName(record)}:\n${failures.join('\n')}`, revision: chartVersion });
        else events.push({ type: 'Normal', reason: 'DriftCorrected', message: `Cluster state of release ${fullReleaseName(record)} has been corrected:\n${summarizeDrift(report.drifted)}`, revision: chartVersion });
      }

      /** The API client the release acts with: the object's service account when it names one. */
      function kubeFor(): KubeClient {
        return spec.serviceAccountName ? opts.kube.impersonate(`system:serviceaccount:${hr.namespace}:${spec.serviceAccountName}`) : opts.kube;
      }

      /** Runs one action, records its outcome in the status and events; true when it failed. */
      async function run(action: ReleaseAction, valuesFile: string, rollbackTo: number | undefined): Promise<boolean> {
        const latest = records[0];
        if (action === 'unlock' && latest) {
          try {
            await unlockRelease(opts.kube, storage, latest);
          } catch (err) {
            events.push({ type: 'Warning', reason: 'UnlockFailed', message: (err as Error).message });
            return true;
          }
          events.push({ type: 'Normal', reason: 'PendingRelease', message: `Unlocked Helm release ${fullReleaseName(latest)} with chart ${versionedChartName(latest)} in ${latest.status} state`, revision: chartVersion });
          return false;
        }
        const t = { ...target, valuesFile };
        const args = action === 'install' ? installArgs(spec, t, records.length > 0) : action === 'upgrade' ? upgradeArgs(spec, t) : action === 'test' ? testArgs(spec, t) : action === 'rollback' ? rollbackArgs(spec, t, rollbackTo ?? 0) : uninstallArgs(spec, t);
        if (action === 'install' || action === 'upgrade') {
          st.fields.lastAttemptedReleaseAction = action;
          // The history restarts with a fresh install.
          if (action === 'install') st.history = st.history.filter((h) => records.some((r) => r.version === h.version));
        }
        const started = Date.now();
        const crdPolicy = action === 'upgrade' ? spec.upgrade?.crds : action === 'install' ? installCrdPolicy(spec) : undefined;
        const crdsRefused = crdPolicy && crdPolicy !== 'Skip' && t.chartFile ? await applyChartCrds(kubeFor(), t.chartFile, crdPolicy, { namespace: hr.namespace, name: hr.name }) : undefined;
        const rendering = (action === 'install' || action === 'upgrade') && opts.postRender && hasPostRender(spec) ? await opts.postRender.arguments(spec) : undefined;
        const result = crdsRefused ? { ok: false as const, message: `failed to apply CustomResourceDefinitions: ${crdsRefused}` } : await withLentRecords(opts.kube, { target: namespace, storage }, releaseName, () => runAction(opts.helm, [...args, ...(rendering?.args ?? [])], ctx.signal)).finally(() => rendering?.done());
        if (action === 'install' || action === 'upgrade') st.fields.lastAttemptedReleaseActionDuration = `${((Date.now() - started) / 1000).toFixed(3)}s`;
        const after = await readRecords().catch(() => records);
        const newest = after[0];
        if (newest && action !== 'uninstall') st.observe(newest, after);
        const full = newest ? fullReleaseName(newest) : `${namespace}/${releaseName}`;
        const Verb = action[0]?.toUpperCase() + action.slice(1);
        if (result.ok) {
          switch (action) {
            case 'install':
            case 'upgrade': {
              const msg = `Helm ${action} succeeded for release ${full} with chart ${chartText}`;
              for (const [field, digest] of [['observedPostRenderersDigest', postRenderersDigest], ['observedCommonMetadataDigest', commonMetadataDigest]] as const) {
                if (digest) st.fields[field] = digest;
                else delete st.fields[field];
              }
              st.set('Released', 'True', `${Verb}Succeeded`, msg);
              st.remove('Remediated');
              if (desired.testEnabled) st.remove('TestSuccess');
              events.push({ type: 'Normal', reason: `${Verb}Succeeded`, message: msg, revision: chartVersion });
              break;
            }
            case 'test': {
              const hooks = Object.keys(newest?.testHooks ?? {}).length;
              const msg = `Helm test succeeded for release ${full} with chart ${chartText}: ${hooks ? `${hooks} test hook${hooks > 1 ? 's' : ''} completed successfully` : 'no test hooks'}`;
              st.set('TestSuccess', 'True', 'TestSucceeded', msg);
              events.push({ type: 'Normal', reason: 'TestSucceeded', message: msg, revision: chartVersion });
              break;
            }
            case 'rollback': {
              const msg = `Helm rollback to previous release ${namespace}/${releaseName}.v${rollbackTo} with chart ${newest ? versionedChartName(newest) : chartText} succeeded`;
              st.set('Remediated', 'True', 'RollbackSucceeded', msg);
              events.push({ type: 'Normal', reason: 'RollbackSucceeded', message: msg, revision: chartVersion });
              break;
            }
            case 'uninstall': {
              const msg = `Helm uninstall succeeded for release ${latest ? fullReleaseName(latest) : full} with chart ${latest ? versionedChartName(latest) : chartText}`;
              st.set('Remediated', 'True', 'UninstallSucceeded', msg);
              events.push({ type: 'Normal', reason: 'UninstallSucceeded', message: msg, revision: chartVersion });
              break;
            }
          }
          return false;
        }
        switch (action) {
          case 'install':
          case 'upgrade': {
            const msg = `Helm ${action} failed for release ${namespace}/${releaseName} with chart ${chartText}: ${result.message}`;
            st.set('Released', 'False', `${Verb}Failed`, msg);
            st.increment('failures', action === 'install' ? 'installFailures' : 'upgradeFailures');
            events.push({ type: 'Warning', reason: `${Verb}Failed`, message: msg, revision: chartVersion });
            break;
          }
          case 'test': {
            const msg = `Helm test failed for release ${full} with chart ${chartText}: ${result.message}`;
            st.set('TestSuccess', 'False', 'TestFailed', msg);
            const rem = activeRemediation(spec, lastAction(), counts());
            if (!(rem?.ignoreTestFailures ?? desired.ignoreTestFailures)) st.increment('failures', lastAction() === 'install' ? 'installFailures' : 'upgradeFailures');
            events.push({ type: 'Warning', reason: 'TestFailed', message: msg, revision: chartVersion });
            break;
          }
          case 'rollback':
          case 'uninstall': {
            const msg = action === 'rollback' ? `Helm rollback to previous release ${namespace}/${releaseName}.v${rollbackTo} failed: ${result.message}` : `Helm uninstall failed for release ${full}: ${result.message}`;
            st.set('Remediated', 'False', `${Verb}Failed`, msg);
            st.increment('failures');
            events.push({ type: 'Warning', reason: `${Verb}Failed`, message: msg, revision: chartVersion });
            break;
          }
        }
        st.summarize();
        return true;
      }
    },

    async finalize(obj: FluxObject, ctx: ReconcileContext): Promise<{ events: FluxEvent[]; error?: string }> {
      const hr = refOf(obj);
      const parsed = helmReleaseSpec.safeParse(obj.spec ?? {});
      if (!parsed.success) return { events: [] };
      const spec = parsed.data;
      const events: FluxEvent[] = [];
      // A suspended release is left installed, as helm-controller leaves it.
      if (!spec.suspend) {
        const releaseName = releaseNameOf({ ...hr, releaseName: spec.releaseName, targetNamespace: spec.targetNamespace });
        const { target: namespace, storage } = releaseNamespaces(hr.namespace, spec);
        if (storage !== namespace) await gatherRecords(opts.kube, namespace, storage, releaseName).catch(() => undefined);
        const records = await listReleaseRecords(opts.kube, storage, releaseName).catch(() => []);
        const latest = records[0];
        if (latest && latest.status !== 'uninstalled') {
          const uninstall = uninstallArgs(spec, { releaseName, namespace, ...(spec.serviceAccountName ? { impersonate: `system:serviceaccount:${hr.namespace}:${spec.serviceAccountName}` } : {}) });
          const done = await withLentRecords(opts.kube, { target: namespace, storage }, releaseName, () => runAction(opts.helm, uninstall, ctx.signal));
          if (!done.ok) return { events: [{ type: 'Warning', reason: 'UninstallFailed', message: `Helm uninstall failed for release ${fullReleaseName(latest)}: ${done.message}` }], error: done.message };
          events.push({ type: 'Normal', reason: 'UninstallSucceeded', message: `Helm uninstall succeeded for release ${fullReleaseName(latest)} with chart ${versionedChartName(latest)}` });
        }
      }
      if (spec.chart) {
        const ref = chartRefOf(hr, spec);
        if (ref) await deleteHelmChart(opts.kube, ref);
      }
      await sourceCharts.forget(hr);
      return { events };
    },
  };
}
