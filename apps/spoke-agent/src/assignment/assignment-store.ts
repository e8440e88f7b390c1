import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { KubeConfig, V1ConfigMap } from '@kubernetes/client-node';
import * as z from 'zod';
import { kubeCall } from '../k8s/small-kube-client.js';
import { assignmentSchema, type Assignment } from './assignment.js';

/**
 * What survives a restart so the agent reconciles with the hub down: the last assignment. The inventories and
 * last applied revisions live where Flux keeps them, in the status of the projected Kustomizations. (A state
 * written by an older agent also held them here; the key is ignored when read.)
 */
export const agentStateSchema = z.object({
  assignment: assignmentSchema,
});
export type AgentState = z.infer<typeof agentStateSchema>;

export interface AssignmentStore {
  readonly location: string;
  load(): Promise<AgentState | null>;
  save(state: AgentState): Promise<void>;
}

export class AssignmentStoreError extends Error {
  override readonly name = 'AssignmentStoreError';
}

export const ASSIGNMENT_CONFIGMAP_NAME = 'flotilla-agent-assignment';
const KEY = 'state.json';

function parse(text: string, where: string): AgentState {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AssignmentStoreError(`${where} is not valid JSON`);
  }
  const parsed = agentStateSchema.safeParse(json);
  if (!parsed.success) throw new AssignmentStoreError(`${where} is damaged (${parsed.error.issues.length} bad fields)`);
  return parsed.data;
}

/** `<state file>.assignment.json` beside the credential file: `agent-hub.json` → `agent-hub.assignment.json`. */
export function assignmentFileFor(stateFile: string): string {
  return stateFile.replace(/\.json$/, '') + '.assignment.json';
}

export function createFileAssignmentStore(file: string): AssignmentStore {
  return {
    location: `file ${file}`,
    async load() {
      let text: string;
      try {
        text = await fs.readFile(file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw new AssignmentStoreError(`cannot read ${file}: ${(err as Error).message}`);
      }
      return parse(text, `assignment file ${file}`);
    },
    async save(state) {
      const dir = path.dirname(file);
      await fs.mkdir(dir, { recursive: true, mode: 0o700 });
      const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
      try {
        await fs.writeFile(tmp, JSON.stringify(state), { mode: 0o600, flag: 'wx' });
        await fs.rename(tmp, file);
      } catch (err) {
        await fs.rm(tmp, { force: true });
        throw new AssignmentStoreError(`cannot write ${file}: ${(err as Error).message}`);
      }
    },
  };
}

function httpCode(err: unknown): number | undefined {
  return err && typeof err === 'object' && 'code' in err && typeof err.code === 'number' ? err.code : undefined;
}

/** The ConfigMap `flotilla-agent-assignment` in the agent's namespace (no secrets in it: variables and specs only). */
export function createConfigMapAssignmentStore(kubeConfig: KubeConfig, namespace: string, name: string = ASSIGNMENT_CONFIGMAP_NAME): AssignmentStore {
  const configMaps = `/api/v1/namespaces/${encodeURIComponent(namespace)}/configmaps`;
  const configMapPath = `${configMaps}/${encodeURIComponent(name)}`;
  const where = `ConfigMap ${namespace}/${name}`;
  return {
    location: where,
    async load() {
      let cm: V1ConfigMap;
      try {
        cm = await kubeCall<V1ConfigMap>(kubeConfig, { method: 'GET', path: configMapPath });
      } catch (err) {
        if (httpCode(err) === 404) return null;
        throw new AssignmentStoreError(`cannot read ${where}: HTTP ${httpCode(err) ?? (err as Error).message}`);
      }
      const text = cm.data?.[KEY];
      return text === undefined ? null : parse(text, where);
    },
    async save(state) {
      const body: V1ConfigMap = {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, namespace, labels: { 'app.kubernetes.io/name': 'flotilla-agent', 'app.kubernetes.io/managed-by': 'flotilla-agent' } },
        data: { [KEY]: JSON.stringify(state) },
      };
      try {
        await kubeCall(kubeConfig, { method: 'PUT', path: configMapPath, body });
        return;
      } catch (err) {
        if (httpCode(err) !== 404) throw new AssignmentStoreError(`cannot update ${where}: HTTP ${httpCode(err) ?? (err as Error).message}`);
      }
      try {
        await kubeCall(kubeConfig, { method: 'POST', path: configMaps, body });
      } catch (err) {
        throw new AssignmentStoreError(`cannot create ${where}: HTTP ${httpCode(err) ?? (err as Error).message}`);
      }
    },
  };
}

/** An empty state for a fresh agent. */
export const emptyAgentState = (): AgentState => ({ assignment: { generation: 0, sources: [], kustomizations: [] } });
export type { Assignment };
