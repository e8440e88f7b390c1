// A Kustomization as the hub assigns it to the agent: Flux's field names (flux.md §1.6), durations in ms.

export interface KustomizationRef {
  name: string;
  namespace: string;
}

export interface DependencyRef {
  name: string;
  namespace?: string;
}

export interface HealthCheckRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface KustomizePatch {
  patch: string;
  target?: Record<string, string>;
}

export interface KustomizeImage {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

export interface SubstituteFromRef {
  kind: 'ConfigMap' | 'Secret';
  name: string;
  optional?: boolean;
}

export interface KustomizationSpec {
  /** Directory in the artifact (default: its root). */
  path?: string;
  intervalMs: number;
  retryIntervalMs?: number;
  /** Bounds build, apply and health checks (default: interval). */
  timeoutMs?: number;
  prune: boolean;
  wait?: boolean;
  healthChecks?: HealthCheckRef[];
  dependsOn?: DependencyRef[];
  targetNamespace?: string;
  namePrefix?: string;
  nameSuffix?: string;
  commonMetadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  patches?: KustomizePatch[];
  images?: KustomizeImage[];
  components?: string[];
  postBuild?: {
    substitute?: Record<string, string>;
    substituteFrom?: SubstituteFromRef[];
    substituteStrategy?: 'WithVariables' | 'Always';
  };
  decryption?: { provider: 'sops'; secretRef?: { name: string } };
  serviceAccountName?: string;
  force?: boolean;
  /** The cluster's variables from the assignment: postBuild substitution's lowest-precedence source. */
  clusterVariables?: Record<string, string>;
  suspend?: boolean;
}

export const timeoutOf = (spec: KustomizationSpec): number => spec.timeoutMs ?? spec.intervalMs;
export const retryIntervalOf = (spec: KustomizationSpec): number => spec.retryIntervalMs ?? spec.intervalMs;
