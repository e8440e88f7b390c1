// Generated from apps/hub-api/schema.gql and the documents in src/**/api by
// `pnpm --filter @flotilla/web-ui codegen`. Do not edit; a test fails when this file is stale.
/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
export type AddTeamGrantInput = {
  /** e.g. `env=dev,region in (eu,us)`; omit or empty: every cluster. */
  clusterSelector?: string | null | undefined;
  /** Limits the grant to objects in these namespaces; omit or empty: every namespace. */
  namespaces?: Array<string> | null | undefined;
  role: Role;
  teamId: string | number;
};

export type AlertClusterSelectorInput = {
  /** A Kubernetes label selector over cluster labels. */
  labels?: string | null | undefined;
  names?: Array<string> | null | undefined;
};

export type AlertEventSourceInput = {
  kind: string;
  /** Labels the involved Flux object must carry (as its agent reports them). */
  matchLabels?: Array<LabelInput> | null | undefined;
  /** An object name or `*`. */
  name: string;
  namespace?: string | null | undefined;
};

export type AlertInput = {
  /** Empty: every cluster. */
  clusterSelector?: AlertClusterSelectorInput | null | undefined;
  eventMetadata?: Array<LabelInput> | null | undefined;
  /** `info` (default, every event) or `error`. */
  eventSeverity?: string | null | undefined;
  eventSources: Array<AlertEventSourceInput>;
  exclusionList?: Array<string> | null | undefined;
  /** 0 (default) to 3600. */
  groupWindowSeconds?: number | null | undefined;
  inclusionList?: Array<string> | null | undefined;
  mode?: AlertMode | null | undefined;
  name: string;
  /** Default `flotilla-system`. */
  namespace?: string | null | undefined;
  providerId: string | number;
  summary?: string | null | undefined;
  suspend?: boolean | null | undefined;
};

export type AlertMode =
  /** Every matching event, identical ones at most once per 5 minutes (Flux). */
  | 'EVERY'
  /** Only when an object starts failing on a cluster, and when it recovers (with how long it failed). */
  | 'STATE_CHANGE';

/** Every field optional; entries must match all that are given. */
export type AuditFilterInput = {
  /** One of `auditActions`. */
  action?: string | null | undefined;
  /** Actor name, exactly (username, `agent:<cluster>`). */
  actor?: string | null | undefined;
  /** At or after this instant. */
  since?: string | null | undefined;
  targetId?: string | null | undefined;
  /** user, apiToken, cluster, gitRepository, kustomization, … */
  targetType?: string | null | undefined;
  /** Before this instant. */
  until?: string | null | undefined;
};

export type ChangeOwnPasswordInput = {
  currentPassword: string;
  /** 8 to 1024 characters, not the username. */
  newPassword: string;
};

export type ClusterConnectionState =
  | 'CONNECTED'
  | 'DISCONNECTED'
  | 'PENDING'
  | 'REVOKED';

/** A cosign public key (what `cosign generate-key-pair` writes to cosign.pub). */
export type CosignPublicKeyInput = {
  /** A name for messages, like the key of a verify Secret (`cosign.pub`). */
  name: string;
  /** PEM public key. */
  pem: string;
};

export type CreateApiTokenInput = {
  /** What the token is for (shown in lists and audit entries). */
  name: string;
  /** The token's role: the caller's own (default) or lower. */
  role?: Role | null | undefined;
  /** Lifetime in days (1-365); default 90. */
  ttlDays?: number | null | undefined;
};

export type CreateRegistrationTokenInput = {
  /** A new token for an existing cluster. */
  clusterId?: string | number | null | undefined;
  /** Creates a cluster with this name. */
  clusterName?: string | null | undefined;
  labels?: Array<LabelInput> | null | undefined;
  /** Default 3600 (1 h); 60 to 604800. */
  ttlSeconds?: number | null | undefined;
};

export type CreateUserInput = {
  /** 8 to 1024 characters; omit it and the hub generates a one-time password. */
  password?: string | null | undefined;
  /** A role on the whole fleet; omit it for a user who gets access only through teams. */
  role?: Role | null | undefined;
  /** Lowercase letters, digits, `.`, `_`, `-`, `@`; 1 to 64 characters, starting with a letter or digit. */
  username: string;
};

export type EventSeverity =
  | 'ERROR'
  | 'INFO';

export type FleetActivityFilter = {
  clusterId?: string | number | null | undefined;
  /** Events about objects of these kinds. */
  kinds?: Array<FluxKind> | null | undefined;
  /** A Kubernetes label selector over cluster labels. */
  selector?: string | null | undefined;
  severities?: Array<EventSeverity> | null | undefined;
};

/** DISCONNECTED: an agent that was connected and is gone; FAILING, STALLED: a Flux object. */
export type FleetAttentionType =
  | 'DISCONNECTED'
  | 'FAILING'
  | 'STALLED';

export type FleetClusterFilter = {
  /** Only clusters with objects whose last attempted revision is not the one they applied. */
  behind?: boolean | null | undefined;
  connectionStates?: Array<ClusterConnectionState> | null | undefined;
  /** Only these clusters (at most 200): how a table refreshes the rows a live event changed. */
  ids?: Array<string | number> | null | undefined;
  /** Part of the cluster name, any case. */
  search?: string | null | undefined;
  /** A Kubernetes label selector over cluster labels. */
  selector?: string | null | undefined;
  /** Clusters whose worst object has any of these healths. */
  worst?: Array<FleetClusterWorst> | null | undefined;
  /** Clusters whose worst object's Ready reason is any of these (at most 20), e.g. HealthCheckFailed. */
  worstReasons?: Array<string> | null | undefined;
};

export type FleetClusterSort = {
  descending?: boolean;
  field: FleetClusterSortField;
};

/** READY: share of Ready objects; FAILING: failing and stalled objects; WORST: the worst health among its objects; REVISIONS: distinct revisions its objects run; BEHIND: objects whose last attempted revision is not applied. */
export type FleetClusterSortField =
  | 'BEHIND'
  | 'FAILING'
  | 'LAST_SEEN'
  | 'NAME'
  | 'READY'
  | 'REVISIONS'
  | 'TOTAL'
  | 'WORST';

export type FleetClusterWorst =
  | 'FAILING'
  | 'NONE'
  | 'PROGRESSING'
  | 'READY'
  | 'STALLED'
  | 'SUSPENDED';

/** SUSPENDED when spec.suspend is true; STALLED when Ready=False and Stalled=True (it will not progress until its spec or source changes); FAILING when Ready=False otherwise; READY when Ready=True; PROGRESSING otherwise. */
export type FleetHealth =
  | 'FAILING'
  | 'PROGRESSING'
  | 'READY'
  | 'STALLED'
  | 'SUSPENDED';

/** Why a cluster the object is placed on has not reported it: its agent NEVER_CONNECTED, is DISCONNECTED since its last contact, its credentials were REVOKED, it has NOT_ACKNOWLEDGED the assignment that placed the object, or it has and has NOT_REPORTED the object yet. */
export type FleetRolloutPendingReason =
  | 'DISCONNECTED'
  | 'NEVER_CONNECTED'
  | 'NOT_ACKNOWLEDGED'
  | 'NOT_REPORTED'
  | 'REVOKED';

/** What the rollout view follows: a Kustomization or HelmRelease (any origin) by kind, namespace and name on every cluster; or a hub GitRepository (HelmRepository), whose columns are the hub Kustomizations (HelmReleases) that read it. */
export type FleetRolloutTarget = {
  kind: FluxKind;
  name: string;
  namespace: string;
};

export type FleetSyncInput = {
  /** Go duration: how often the path is read again without a new revision. Default `10m`. */
  interval?: string | null | undefined;
  name: string;
  /** Default `flotilla-system`; also the namespace of documents that name none. */
  namespace?: string | null | undefined;
  /** Directory in the repository whose YAML files (subdirectories included) are read. Default `./`. */
  path?: string | null | undefined;
  /** Where its proposed edits are reviewed besides the hub: `native` (default: the hub only), `github`, `gitlab` or `gitea` (a pull request there). */
  provider?: string | null | undefined;
  /** The forge’s API base URL (GitHub Enterprise `https://HOST/api/v3`, GitLab `https://HOST/api/v4`, Gitea `https://HOST/api/v1`). Default: derived from the GitRepository URL. */
  providerApiUrl?: string | null | undefined;
  /** `owner/name` (GitHub, Gitea) or the project path or id (GitLab). Default: derived from the GitRepository URL. */
  providerRepository?: string | null | undefined;
  /** The forge token (stored sealed, never returned). Omitted on update: the stored one is kept. A forge needs one; empty removes it, which only `native` accepts (switching to `native` drops it anyway). */
  providerToken?: string | null | undefined;
  /** Delete the objects it made that git no longer declares. Default true. */
  prune?: boolean | null | undefined;
  /** Name of the hub GitRepository to read. */
  sourceName: string;
  /** The GitRepository's namespace; default the FleetSync's. */
  sourceNamespace?: string | null | undefined;
};

export type FluxKind =
  | 'Bucket'
  | 'ExternalArtifact'
  | 'GitRepository'
  | 'HelmChart'
  | 'HelmRelease'
  | 'HelmRepository'
  | 'Kustomization'
  | 'OCIRepository';

export type FluxObjectFilter = {
  /** Only this cluster’s objects. */
  clusterId?: string | number | null | undefined;
  /** Any of these kinds. */
  kinds?: Array<FluxKind> | null | undefined;
  origin?: FluxObjectOrigin | null | undefined;
  /** Part of the name, any case. */
  search?: string | null | undefined;
  /** Any of these states. */
  states?: Array<FluxObjectState> | null | undefined;
};

/** HUB: a Kustomization the hub placed on the cluster. CLUSTER: found in the cluster (applied from git or kubectl). */
export type FluxObjectOrigin =
  | 'CLUSTER'
  | 'HUB';

export type FluxObjectRefInput = {
  clusterId: string | number;
  kind: FluxKind;
  name: string;
  namespace: string;
};

/** SUSPENDED when spec.suspend is true; else READY (Ready=True), FAILING (Ready=False) or PROGRESSING (Ready=Unknown or not reported). */
export type FluxObjectState =
  | 'FAILING'
  | 'PROGRESSING'
  | 'READY'
  | 'SUSPENDED';

/** As `flux reconcile`, `flux suspend`, `flux resume`. */
export type FluxOperation =
  | 'RECONCILE'
  | 'RESUME'
  | 'SUSPEND';

/** For http(s): username + password (basic auth) or bearerToken, and caCert for a server whose certificate a private CA signed. For ssh://: identity + knownHosts, and password when the key is encrypted (Flux’s Secret keys identity, known_hosts, password). Stored encrypted; never returned. */
export type GitCredentialsInput = {
  bearerToken?: string | null | undefined;
  /** https: CA certificates (PEM) trusted beside the system CAs, Flux’s Secret key ca.crt; alone or with username + password or bearerToken. */
  caCert?: string | null | undefined;
  /** ssh: the private key (OpenSSH or PEM). */
  identity?: string | null | undefined;
  /** ssh: known_hosts lines for the server’s host keys; no other host key is trusted. */
  knownHosts?: string | null | undefined;
  /** Basic auth password, or the passphrase of an encrypted ssh key. */
  password?: string | null | undefined;
  username?: string | null | undefined;
};

export type GitRefInput = {
  branch?: string | null | undefined;
  commit?: string | null | undefined;
  name?: string | null | undefined;
  semver?: string | null | undefined;
  tag?: string | null | undefined;
};

export type GitRepositoryInput = {
  /** On update: remove the stored credentials. */
  clearCredentials?: boolean | null | undefined;
  /** On update: replaces the stored credentials; omit to keep them. */
  credentials?: GitCredentialsInput | null | undefined;
  /** .gitignore-syntax exclusions (replaces Flux’s default list). */
  ignore?: string | null | undefined;
  /** Go duration, default `1m`. */
  interval?: string | null | undefined;
  /** metadata.labels, which Receivers’ matchLabels select. On update: omit to keep them. */
  labels?: Array<LabelInput> | null | undefined;
  name: string;
  /** Default `flotilla-system`. */
  namespace?: string | null | undefined;
  /** Default: branch `master` (Flux). */
  ref?: GitRefInput | null | undefined;
  suspend?: boolean | null | undefined;
  /** Go duration, default `60s`. */
  timeout?: string | null | undefined;
  /** http(s):// or ssh:// (ssh://[user@]host[:port]/path; the scp-like user@host:path is not accepted, as in Flux). */
  url: string;
};

export type HelmReleaseInput = {
  /** metadata.labels. On update: omit to keep them. */
  labels?: Array<LabelInput> | null | undefined;
  name: string;
  /** Default `flotilla-system`. */
  namespace?: string | null | undefined;
  /** Per-cluster values (a Flotilla extension), merged in order over `spec.values`. */
  overlays?: Array<HelmValuesOverlayInput> | null | undefined;
  placement: PlacementInput;
  /** Flux HelmRelease spec; `chart.spec.sourceRef` names a hub HelmRepository. Errors name `spec.<field>`. */
  spec: unknown;
};

/** Basic auth (Flux’s Secret keys username, password), or for type oci a docker config (a kubernetes.io/dockerconfigjson Secret’s `.dockerconfigjson`) naming the registry. Stored encrypted; never returned. */
export type HelmRepositoryCredentialsInput = {
  /** Type oci only; instead of username and password. */
  dockerConfigJson?: string | null | undefined;
  password?: string | null | undefined;
  username?: string | null | undefined;
};

export type HelmRepositoryInput = {
  /** On update: remove the stored credentials. */
  clearCredentials?: boolean | null | undefined;
  /** On update: remove the stored CA and client certificate. */
  clearTls?: boolean | null | undefined;
  /** On update: replaces the stored credentials; omit to keep them. */
  credentials?: HelmRepositoryCredentialsInput | null | undefined;
  /** Plain HTTP to the registry (type oci only). */
  insecure?: boolean | null | undefined;
  /** Go duration, default `10m`. */
  interval?: string | null | undefined;
  /** metadata.labels. On update: omit to keep them. */
  labels?: Array<LabelInput> | null | undefined;
  name: string;
  /** Default `flotilla-system`. */
  namespace?: string | null | undefined;
  /** Send the credentials to chart URLs on other hosts too (Flux’s passCredentials). */
  passCredentials?: boolean | null | undefined;
  suspend?: boolean | null | undefined;
  /** Go duration, default `60s`. */
  timeout?: string | null | undefined;
  /** Flux’s certSecretRef, for an https:// chart repository or a registry. On update: each value given replaces the stored one; omit to keep them. */
  tls?: RegistryTlsInput | null | undefined;
  /** Flux’s `type`: `default` (an HTTP index.yaml) or `oci` (a registry prefix). Default `default`. */
  type?: string | null | undefined;
  /** http(s):// URL of a chart repository (its index.yaml) for type default; oci://host/path for type oci. */
  url: string;
};

/** What the hub holds for a HelmRepository instead of its Secrets; each field as in HelmRepositoryInput, omitted ones kept. */
export type HelmRepositorySecretsInput = {
  /** On update: remove the stored credentials. */
  clearCredentials?: boolean | null | undefined;
  /** On update: remove the stored CA and client certificate. */
  clearTls?: boolean | null | undefined;
  /** On update: replaces the stored credentials; omit to keep them. */
  credentials?: HelmRepositoryCredentialsInput | null | undefined;
  /** Flux’s certSecretRef, for an https:// chart repository or a registry. On update: each value given replaces the stored one; omit to keep them. */
  tls?: RegistryTlsInput | null | undefined;
};

export type HelmValuesOverlayInput = {
  /** Kubernetes label selector of the clusters this overlay applies to. */
  clusterSelector: string;
  /** Values merged over the release’s values on those clusters. */
  values: unknown;
};

/** Values and overlays not saved yet, rendered for one cluster. */
export type HelmValuesPreviewInput = {
  clusterId: string | number;
  overlays?: Array<HelmValuesOverlayInput> | null | undefined;
  /** spec.values (a map). */
  values?: unknown;
};

/** Exactly one of semver, alphabetical and numerical. */
export type ImagePolicyChoiceInput = {
  alphabetical?: OrderPolicyInput | null | undefined;
  numerical?: OrderPolicyInput | null | undefined;
  semver?: SemverPolicyInput | null | undefined;
};

export type ImagePolicyInput = {
  /** `Never` (default), `IfNotPresent` or `Always` (which needs interval). */
  digestReflectionPolicy?: string | null | undefined;
  filterTags?: TagFilterInput | null | undefined;
  imageRepositoryRef: ImageRepositoryRefInput;
  /** Go duration; only with digestReflectionPolicy `Always`. */
  interval?: string | null | undefined;
  /** metadata.labels; an ImageUpdateAutomation’s policySelector matches them. */
  labels?: Array<LabelInput> | null | undefined;
  name: string;
  /** Default `flotilla-system`. */
  namespace?: string | null | undefined;
  policy: ImagePolicyChoiceInput;
  suspend?: boolean | null | undefined;
};

/** The part of an ImagePolicy that decides which tag it picks. */
export type ImagePolicyPreviewInput = {
  filterTags?: TagFilterInput | null | undefined;
  imageRepositoryRef: ImageRepositoryRefInput;
  /** The policy’s namespace; default `flotilla-system`. */
  namespace?: string | null | undefined;
  policy: ImagePolicyChoiceInput;
};

/** Either username + password (used for Basic auth and for Bearer token requests) or dockerConfigJson (a kubernetes.io/dockerconfigjson Secret’s `.dockerconfigjson`). Stored encrypted; never returned. */
export type ImageRegistryCredentialsInput = {
  dockerConfigJson?: string | null | undefined;
  password?: string | null | undefined;
  username?: string | null | undefined;
};

export type ImageRepositoryInput = {
  /** On update: remove the stored credentials. */
  clearCredentials?: boolean | null | undefined;
  /** On update: replaces the stored credentials; omit to keep them. */
  credentials?: ImageRegistryCredentialsInput | null | undefined;
  /** Go regular expressions of tags to drop (at most 25); default `^.*\.sig$`. */
  exclusionList?: Array<string> | null | undefined;
  /** The image without scheme or tag, e.g. `ghcr.io/org/app` (Docker Hub names are canonicalised). */
  image: string;
  /** Talk plain HTTP to the registry. */
  insecure?: boolean | null | undefined;
  /** Go duration between scans, default `1m`. */
  interval?: string | null | undefined;
  name: string;
  /** Default `flotilla-system`. */
  namespace?: string | null | undefined;
  suspend?: boolean | null | undefined;
  /** Go duration limiting one scan; default the interval. */
  timeout?: string | null | undefined;
};

export type ImageRepositoryRefInput = {
  name: string;
  /** Default: the policy’s namespace. */
  namespace?: string | null | undefined;
};

/** What the hub holds for an ImageRepository instead of its secretRef; each field as in ImageRepositoryInput, omitted ones kept. */
export type ImageRepositorySecretsInput = {
  /** On update: remove the stored credentials. */
  clearCredentials?: boolean | null | undefined;
  /** On update: replaces the stored credentials; omit to keep them. */
  credentials?: ImageRegistryCredentialsInput | null | undefined;
};

export type ImageUpdateAutomationInput = {
  /** A team whose members may approve, besides operators. */
  approverTeam?: string | null | undefined;
  authorEmail: string;
  authorName: string;
  /** Proposal mode: a Go duration (e.g. `30m`) after which the hub merges the open proposal if nobody rejected it and its diff did not change meanwhile. Default: never. */
  autoMergeAfter?: string | null | undefined;
  /** Whether auto-merge also waits for the required approvals (default true); false merges an unapproved open proposal too. */
  autoMergeRequiresApproval?: boolean | null | undefined;
  /** git.checkout.ref.branch; default the GitRepository’s branch. */
  checkoutBranch?: string | null | undefined;
  /** Go duration, default `1m`. */
  interval?: string | null | undefined;
  /** How a merged proposal reaches the base branch: `fast-forward` (default) or `merge-commit`. */
  mergeStrategy?: string | null | undefined;
  /** A Go template over Flux’s data (.AutomationObject, .Changed.FileChanges, .Changed.Changes, .Changed.Objects). */
  messageTemplate?: string | null | undefined;
  /** `proposal` (default: an UpdateProposal to approve) or `push` (Flux: commit straight to the branch). */
  mode?: string | null | undefined;
  name: string;
  /** Default `flotilla-system`. Setter markers name policies of this namespace. */
  namespace?: string | null | undefined;
  /** spec.policySelector as a label selector, e.g. `app=web,tier in (fe)`: only ImagePolicies (of this namespace) whose labels match are applied. Default: all of them. */
  policySelector?: string | null | undefined;
  /** Where proposals are reviewed besides the hub: `native` (default: the hub only), `github`, `gitlab` or `gitea` (a pull request there, proposal mode only). */
  provider?: string | null | undefined;
  /** The forge’s API base URL (GitHub Enterprise `https://HOST/api/v3`, GitLab `https://HOST/api/v4`, Gitea `https://HOST/api/v1`). Default: derived from the GitRepository URL. */
  providerApiUrl?: string | null | undefined;
  /** `owner/name` (GitHub, Gitea) or the project path or id (GitLab). Default: derived from the GitRepository URL. */
  providerRepository?: string | null | undefined;
  /** The forge token (stored sealed, never returned). Omitted on update: the stored one is kept. A forge needs one; empty removes it, which only `native` accepts (switching to `native` drops it anyway). */
  providerToken?: string | null | undefined;
  /** git.push.branch (push mode); default the checkout branch. */
  pushBranch?: string | null | undefined;
  /** Approvals a proposal needs, default 1. */
  requiredApprovals?: number | null | undefined;
  /** A hub GitRepository (http or https). */
  sourceName: string;
  /** Default: the automation’s namespace. */
  sourceNamespace?: string | null | undefined;
  suspend?: boolean | null | undefined;
  /** update.path, default `./`. */
  updatePath?: string | null | undefined;
};

export type KustomizationInput = {
  /** metadata.labels, which Receivers’ and Alerts’ matchLabels select. On update: omit to keep them. */
  labels?: Array<LabelInput> | null | undefined;
  name: string;
  /** Default `flotilla-system`. */
  namespace?: string | null | undefined;
  placement: PlacementInput;
  /** Flux Kustomization spec (sourceRef, path, interval, prune, …). Errors name `spec.<field>`. */
  spec: unknown;
};

export type LabelInput = {
  key: string;
  value: string;
};

/** kstatus: CURRENT (a Deployment available, a Job complete…), IN_PROGRESS, FAILED, TERMINATING, UNKNOWN. */
export type ManagedHealthStatus =
  | 'CURRENT'
  | 'FAILED'
  | 'IN_PROGRESS'
  | 'TERMINATING'
  | 'UNKNOWN';

/** One object in the inventory of a Kustomization or of a HelmRelease’s current release. */
export type ManagedObjectRefInput = {
  /** '' for the core group. */
  group: string;
  kind: string;
  name: string;
  /** Null for a cluster-scoped object. */
  namespace?: string | null | undefined;
};

export type NotificationProviderInput = {
  address?: string | null | undefined;
  /** The Secret Flux YAML’s spec.certSecretRef names. The hub never reads it (the CA bundle is `certificate`); Flux YAML export writes it. Omit to keep the stored name, null to remove it. */
  certSecretRefName?: string | null | undefined;
  /** PEM CA certificates trusted for an https address (Flux’s certSecretRef ca.crt). On update: omit to keep the stored ones. */
  certificate?: string | null | undefined;
  /** Channel; the routing key for pagerduty, the chat id for telegram. */
  channel?: string | null | undefined;
  /** On update: remove the stored CA certificates. */
  clearCertificate?: boolean | null | undefined;
  /** On update: remove the stored secret. */
  clearSecret?: boolean | null | undefined;
  name: string;
  /** Default `flotilla-system`. */
  namespace?: string | null | undefined;
  /** An http(s) proxy URL without credentials (put a proxy with credentials in secret.proxy). */
  proxy?: string | null | undefined;
  /** On update: replaces the stored secret; omit to keep it. */
  secret?: NotificationSecretInput | null | undefined;
  /** The Secret Flux YAML’s spec.secretRef names. The hub never reads it (the credentials are `secret`); Flux YAML export writes it. Omit to keep the stored name, null to remove it. */
  secretRefName?: string | null | undefined;
  suspend?: boolean | null | undefined;
  /** Go duration (ms, s, m), default 15s. */
  timeout?: string | null | undefined;
  /** generic, generic-hmac, slack, rocket, mattermost, msteams, discord, googlechat, alertmanager, pagerduty, opsgenie, telegram; commit statuses: github, gitlab, gitea, bitbucket (address: the repository URL). */
  type: string;
  username?: string | null | undefined;
};

/** What the hub holds for a Provider instead of its secretRef and certSecretRef Secrets; each field as in NotificationProviderInput, omitted ones kept. */
export type NotificationProviderSecretsInput = {
  /** PEM CA certificates trusted for an https address (Flux’s certSecretRef ca.crt). On update: omit to keep the stored ones. */
  certificate?: string | null | undefined;
  /** On update: remove the stored CA certificates. */
  clearCertificate?: boolean | null | undefined;
  /** On update: remove the stored secret. */
  clearSecret?: boolean | null | undefined;
  /** On update: replaces the stored secret; omit to keep it. */
  secret?: NotificationSecretInput | null | undefined;
};

/** Flux’s Provider secret keys. Stored encrypted; never returned. */
export type NotificationSecretInput = {
  /** Replaces the spec’s address (webhook URLs that hold a key belong here). */
  address?: string | null | undefined;
  /** Extra HTTP headers (generic and generic-hmac). */
  headers?: Array<LabelInput> | null | undefined;
  /** An http(s) proxy URL that overrides the spec’s; may hold user:password. */
  proxy?: string | null | undefined;
  /** API token, bot token or HMAC key, by type. */
  token?: string | null | undefined;
};

export type OciRepositoryInput = {
  /** On update: remove the stored credentials. */
  clearCredentials?: boolean | null | undefined;
  /** On update: remove the stored CA and client certificate. */
  clearTls?: boolean | null | undefined;
  /** On update: replaces the stored credentials; omit to keep them. */
  credentials?: ImageRegistryCredentialsInput | null | undefined;
  /** metadata.labels. On update: omit to keep them. */
  labels?: Array<LabelInput> | null | undefined;
  name: string;
  /** Default `flotilla-system`. */
  namespace?: string | null | undefined;
  /** Flux OCIRepository spec (source.toolkit.fluxcd.io/v1): url `oci://…`, ref (tag, semver, semverFilter, digest), layerSelector, insecure, interval (default `10m`), timeout (default `60s`), ignore, suspend, verify.provider `cosign`. No secretRef or certSecretRef: credentials, tls and verifyPublicKeys stand for the Secrets. Errors name `spec.<field>`. */
  spec: unknown;
  /** Flux’s certSecretRef. On update: each value given replaces the stored one; omit to keep them. */
  tls?: RegistryTlsInput | null | undefined;
  /** With spec.verify: the keys a signature must be made with (Flux: the `*.pub` entries of verify.secretRef). Without it they are kept, unused, until spec.verify is set. */
  verifyPublicKeys?: Array<CosignPublicKeyInput> | null | undefined;
};

/** What the hub holds for an OCIRepository instead of its Secrets; each field as in OCIRepositoryInput, omitted ones kept. */
export type OciRepositorySecretsInput = {
  /** On update: remove the stored credentials. */
  clearCredentials?: boolean | null | undefined;
  /** On update: remove the stored CA and client certificate. */
  clearTls?: boolean | null | undefined;
  /** On update: replaces the stored credentials; omit to keep them. */
  credentials?: ImageRegistryCredentialsInput | null | undefined;
  /** Flux’s certSecretRef. On update: each value given replaces the stored one; omit to keep them. */
  tls?: RegistryTlsInput | null | undefined;
  /** With spec.verify: the keys a signature must be made with (Flux: the `*.pub` entries of verify.secretRef). Without it they are kept, unused, until spec.verify is set. */
  verifyPublicKeys?: Array<CosignPublicKeyInput> | null | undefined;
};

export type OrderPolicyInput = {
  /** `asc` (default: the last tag in ascending order) or `desc`. */
  order?: string | null | undefined;
};

export type PlacementInput = {
  clusterNames?: Array<string> | null | undefined;
  /** Kubernetes label selector (`env=prod,tier in (a,b)`); blank selects none by label. */
  clusterSelector?: string | null | undefined;
};

export type ReceiverInput = {
  /** Event types taken (github, gitlab, bitbucket, cdevents); empty takes all. */
  events?: Array<string> | null | undefined;
  /** gcr (required): the audience the Pub/Sub push subscription puts in its token. */
  gcrAudience?: string | null | undefined;
  /** gcr (required): the service account email the Pub/Sub push subscription signs as. */
  gcrEmail?: string | null | undefined;
  name: string;
  /** Default `flotilla-system`. */
  namespace?: string | null | undefined;
  resources: Array<ReceiverResourceInput>;
  /** The Secret Flux YAML’s spec.secretRef names. The hub never reads it (it makes and keeps the token); Flux YAML export writes it. Omit to keep the stored name. */
  secretRefName?: string | null | undefined;
  suspend?: boolean | null | undefined;
  /** generic, generic-hmac, github (also Gitea), gitlab, bitbucket, harbor, dockerhub, quay, nexus, acr, gcr, cdevents. */
  type: string;
};

export type ReceiverResourceInput = {
  /** GitRepository, Kustomization or ImageRepository. */
  kind: string;
  /** With name `*`: only objects whose labels hold all of these (Flux ignores them with a name). */
  matchLabels?: Array<LabelInput> | null | undefined;
  /** A name or `*`. */
  name: string;
  namespace?: string | null | undefined;
};

/** What Flux’s certSecretRef Secret holds, given to the hub instead: a CA that signed the server’s certificate (`ca.crt`) and/or a client certificate with its key (`tls.crt`, `tls.key`), all PEM. Used for every request to that registry or chart repository and nothing else. Stored encrypted; never returned. */
export type RegistryTlsInput = {
  /** PEM CA certificates (Flux’s `ca.crt`), trusted besides the system’s. */
  caCertificate?: string | null | undefined;
  /** PEM client certificate (Flux’s `tls.crt`); with clientKey. */
  clientCertificate?: string | null | undefined;
  /** PEM private key of clientCertificate (Flux’s `tls.key`). */
  clientKey?: string | null | undefined;
};

/** viewer reads; operator changes clusters, sources and Kustomizations; admin also deletes, manages users and reads the audit log. */
export type Role =
  | 'ADMIN'
  | 'OPERATOR'
  | 'VIEWER';

export type SemverPolicyInput = {
  /** A Masterminds semver range, e.g. `~1.0` or `>=1.0.0 <2.0.0`. */
  range: string;
};

/** A hub kind with Flux’s spec.suspend, by its Flux kind name. */
export type SuspendKind =
  | 'Alert'
  | 'GitRepository'
  | 'HelmRelease'
  | 'HelmRepository'
  | 'ImageRepository'
  | 'ImageUpdateAutomation'
  | 'Kustomization'
  | 'OCIRepository'
  | 'Provider'
  | 'Receiver';

export type TagFilterInput = {
  /** A `$name` template over the pattern’s groups: the value the policy compares. */
  extract?: string | null | undefined;
  /** A Go regular expression tags must match. */
  pattern?: string | null | undefined;
};

export type UpdateClusterInput = {
  id: string | number;
  labels?: Array<LabelInput> | null | undefined;
  variables?: Array<VariableInput> | null | undefined;
};

export type VariableInput = {
  key: string;
  value: string;
};

export type AddTeamGrantMutationVariables = Exact<{
  input: AddTeamGrantInput;
}>;


export type AddTeamGrantMutation = { addTeamGrant: { id: string, name: string, createdAt: string, members: Array<{ userId: string, username: string }>, grants: Array<{ id: string, role: Role, clusterSelector: string, namespaces: Array<string> }> } };

export type AddTeamMemberMutationVariables = Exact<{
  teamId: string | number;
  userId: string | number;
}>;


export type AddTeamMemberMutation = { addTeamMember: { id: string, name: string, createdAt: string, members: Array<{ userId: string, username: string }>, grants: Array<{ id: string, role: Role, clusterSelector: string, namespaces: Array<string> }> } };

export type ChangeOwnPasswordMutationVariables = Exact<{
  input: ChangeOwnPasswordInput;
}>;


export type ChangeOwnPasswordMutation = { changeOwnPassword: boolean };

export type CreateAlertMutationVariables = Exact<{
  input: AlertInput;
}>;


export type CreateAlertMutation = { createAlert: { id: string, namespace: string, name: string, providerId: string, providerName: string, eventSeverity: string, inclusionList: Array<string>, exclusionList: Array<string>, summary: string | null, suspend: boolean, mode: AlertMode, groupWindowSeconds: number, eventSources: Array<{ kind: string, name: string, namespace: string | null, matchLabels: Array<{ key: string, value: string }> }>, eventMetadata: Array<{ key: string, value: string }>, clusterSelector: { labels: string | null, names: Array<string> } } };

export type CreateApiTokenMutationVariables = Exact<{
  input: CreateApiTokenInput;
}>;


export type CreateApiTokenMutation = { createApiToken: { id: string, name: string, role: Role, token: string, expiresAt: string } };

export type CreateGitRepositoryMutationVariables = Exact<{
  input: GitRepositoryInput;
}>;


export type CreateGitRepositoryMutation = { createGitRepository: { id: string, name: string } };

export type CreateKustomizationMutationVariables = Exact<{
  input: KustomizationInput;
}>;


export type CreateKustomizationMutation = { createKustomization: { id: string, name: string } };

export type CreateNotificationProviderMutationVariables = Exact<{
  input: NotificationProviderInput;
}>;


export type CreateNotificationProviderMutation = { createNotificationProvider: { id: string, namespace: string, name: string, type: string, address: string | null, channel: string | null, username: string | null, timeout: string | null, proxy: string | null, suspend: boolean, secretKeys: Array<string>, hasCertificate: boolean, ready: boolean, message: string | null, field: string | null } };

export type CreateReceiverMutationVariables = Exact<{
  input: ReceiverInput;
}>;


export type CreateReceiverMutation = { createReceiver: { token: string, receiver: { id: string, namespace: string, name: string, type: string, events: Array<string>, suspend: boolean, gcrAudience: string | null, gcrEmail: string | null, webhookPath: string, lastReceivedAt: string | null, createdAt: string, resources: Array<{ kind: string, name: string, namespace: string | null, matchLabels: Array<{ key: string, value: string }> }> } } };

export type CreateRegistrationTokenMutationVariables = Exact<{
  input: CreateRegistrationTokenInput;
}>;


export type CreateRegistrationTokenMutation = { createRegistrationToken: { token: string, expiresAt: string, agentCommand: string, agentManifests: string, hubUrl: string, agentImage: string, cluster: { id: string, name: string } } };

export type CreateTeamMutationVariables = Exact<{
  name: string;
}>;


export type CreateTeamMutation = { createTeam: { id: string, name: string, createdAt: string, members: Array<{ userId: string, username: string }>, grants: Array<{ id: string, role: Role, clusterSelector: string, namespaces: Array<string> }> } };

export type CreateUserMutationVariables = Exact<{
  input: CreateUserInput;
}>;


export type CreateUserMutation = { createUser: { oneTimePassword: string | null, user: { id: string, username: string, role: Role | null, createdAt: string, lastLoginAt: string | null, disabled: boolean, disabledAt: string | null, passwordChangeRequired: boolean } } };

export type DeleteClusterMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteClusterMutation = { deleteCluster: boolean };

export type DeleteGitRepositoryMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteGitRepositoryMutation = { deleteGitRepository: boolean };

export type DeleteKustomizationMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteKustomizationMutation = { deleteKustomization: boolean };

export type DeleteAlertMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteAlertMutation = { deleteAlert: boolean };

export type DeleteNotificationProviderMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteNotificationProviderMutation = { deleteNotificationProvider: boolean };

export type DeleteReceiverMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteReceiverMutation = { deleteReceiver: boolean };

export type DeleteTeamMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteTeamMutation = { deleteTeam: string };

export type DeleteUserMutationVariables = Exact<{
  userId: string | number;
}>;


export type DeleteUserMutation = { deleteUser: string };

export type EditUpdateProposalFileMutationVariables = Exact<{
  id: string | number;
  path: string;
  content: string;
}>;


export type EditUpdateProposalFileMutation = { editUpdateProposalFile: { id: string, automation: string | null, state: string, baseBranch: string, headBranch: string, baseCommit: string, headCommit: string, message: string, requiredApprovals: number, rejectedReason: string | null, mergedCommit: string | null, closedBy: string | null, createdAt: string, updatedAt: string, closedAt: string | null, forgeUrl: string | null, forgeNumber: number | null, forgeError: string | null, conflictFiles: Array<string>, fleetEdit: { fleetSyncId: string, fleetSync: string, kind: string, namespace: string, name: string, objectId: string, file: string, action: string, proposedBy: string } | null, files: Array<{ path: string, diff: string, before: string | null, after: string | null }>, imageChanges: Array<{ file: string, object: string | null, setter: string, policy: string, oldValue: string, newValue: string }>, clusterDiffs: Array<{ kustomization: string | null, helmRelease: string | null, cluster: string, added: Array<string>, removed: Array<string>, error: string | null, hiddenVariables: Array<string>, note: string | null, changed: Array<{ object: string, fields: Array<string>, before: string | null, after: string | null }> }>, approvals: Array<{ username: string, comment: string | null, at: string }>, manualEdits: Array<{ path: string, username: string, at: string }>, rollout: Array<{ kustomization: string, cluster: string, phase: string, revision: string | null, message: string }> } };

export type ExportFluxYamlQueryVariables = Exact<{
  kind?: string | null | undefined;
  namespace?: string | null | undefined;
  name?: string | null | undefined;
}>;


export type ExportFluxYamlQuery = { exportFluxYaml: string };

export type CreateFleetSyncMutationVariables = Exact<{
  input: FleetSyncInput;
}>;


export type CreateFleetSyncMutation = { createFleetSync: { id: string, namespace: string, name: string, sourceNamespace: string, sourceName: string, sourceUrl: string | null, path: string, interval: string, prune: boolean, suspend: boolean, provider: string, providerApiUrl: string | null, providerRepository: string | null, providerTokenSet: boolean, ready: string, reason: string, message: string, lastAppliedRevision: string | null, lastAttemptedRevision: string | null, problems: Array<{ file: string, line: number, kind: string | null, name: string | null, field: string | null, message: string }>, inventory: Array<{ kind: string, id: string, namespace: string, name: string, file: string }> } };

export type DeleteFleetSyncMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteFleetSyncMutation = { deleteFleetSync: boolean };

export type ListFleetSyncsQueryVariables = Exact<{ [key: string]: never; }>;


export type ListFleetSyncsQuery = { fleetSyncs: Array<{ id: string, namespace: string, name: string, sourceNamespace: string, sourceName: string, sourceUrl: string | null, path: string, interval: string, prune: boolean, suspend: boolean, provider: string, providerApiUrl: string | null, providerRepository: string | null, providerTokenSet: boolean, ready: string, reason: string, message: string, lastAppliedRevision: string | null, lastAttemptedRevision: string | null, problems: Array<{ file: string, line: number, kind: string | null, name: string | null, field: string | null, message: string }>, inventory: Array<{ kind: string, id: string, namespace: string, name: string, file: string }> }> };

export type ReconcileFleetSyncMutationVariables = Exact<{
  id: string | number;
}>;


export type ReconcileFleetSyncMutation = { reconcileFleetSync: boolean };

export type UpdateFleetSyncMutationVariables = Exact<{
  id: string | number;
  input: FleetSyncInput;
}>;


export type UpdateFleetSyncMutation = { updateFleetSync: { id: string, namespace: string, name: string, sourceNamespace: string, sourceName: string, sourceUrl: string | null, path: string, interval: string, prune: boolean, suspend: boolean, provider: string, providerApiUrl: string | null, providerRepository: string | null, providerTokenSet: boolean, ready: string, reason: string, message: string, lastAppliedRevision: string | null, lastAttemptedRevision: string | null, problems: Array<{ file: string, line: number, kind: string | null, name: string | null, field: string | null, message: string }>, inventory: Array<{ kind: string, id: string, namespace: string, name: string, file: string }> } };

export type GetClusterQueryVariables = Exact<{
  id: string | number;
}>;


export type GetClusterQuery = { cluster: { id: string, name: string, connectionState: ClusterConnectionState, kubernetesVersion: string | null, agentVersion: string | null, nodeCount: number | null, lastSeenAt: string | null, createdAt: string, labels: Array<{ key: string, value: string }>, variables: Array<{ key: string, value: string }> } | null };

export type FleetSummaryQueryVariables = Exact<{ [key: string]: never; }>;


export type FleetSummaryQuery = { fleetSummary: { clusters: { connected: number, disconnected: number, pending: number, revoked: number }, objects: { ready: number, progressing: number, failing: number, stalled: number, suspended: number } } };

export type FluxObjectTreeQueryVariables = Exact<{
  ref: FluxObjectRefInput;
  first?: number | null | undefined;
}>;


export type FluxObjectTreeQuery = { fluxObjectTree: { truncated: boolean, root: { id: string, kind: FluxKind, namespace: string, name: string, ready: string, reason: string | null, message: string | null }, nodes: Array<{ depth: number, group: string, kind: string, namespace: string | null, name: string, health: { status: ManagedHealthStatus, message: string | null } | null, fluxObject: { id: string, ready: string, reason: string | null, message: string | null, suspended: boolean } | null }> } };

export type GetGitRepositoryQueryVariables = Exact<{
  id: string | number;
}>;


export type GetGitRepositoryQuery = { gitRepository: { id: string, namespace: string, name: string, url: string, interval: string, timeout: string, suspend: boolean, credentialsKind: string | null, ready: string, createdAt: string, updatedAt: string, ignore: string | null, ref: { branch: string | null, tag: string | null, semver: string | null, commit: string | null, name: string | null } | null, conditions: Array<{ type: string, status: string, reason: string, message: string, lastTransitionTime: string | null }>, artifact: { revision: string, digest: string, size: number, lastUpdateTime: string } | null, labels: Array<{ key: string, value: string }>, managedBy: { fleetSyncId: string, fleetSyncNamespace: string, fleetSyncName: string, sourceNamespace: string, sourceName: string, url: string | null, file: string, revision: string | null } | null, kustomizations: Array<{ id: string, name: string, path: string, suspend: boolean, clusters: Array<{ ready: string }> }> } | null };

export type HelmReleaseClustersQueryVariables = Exact<{
  id: string | number;
}>;


export type HelmReleaseClustersQuery = { helmRelease: { id: string, clusters: Array<{ ready: string, reason: string | null, message: string | null, stalled: boolean, revision: string | null, lastAttemptedRevision: string | null, lastAttemptedConfigDigest: string | null, lastAttemptedReleaseAction: string | null, failures: number, installFailures: number, upgradeFailures: number, observedGeneration: number | null, updatedAt: string | null, cluster: { id: string, name: string }, conditions: Array<{ type: string, status: string, reason: string, message: string, lastTransitionTime: string | null }>, history: Array<{ version: number, status: string, chartName: string, chartVersion: string, appVersion: string | null, configDigest: string, firstDeployed: string | null, lastDeployed: string | null, deleted: string | null, testHooks: Array<{ name: string, phase: string | null, lastStarted: string | null, lastCompleted: string | null }> }> }> } | null };

export type HelmReleaseRevisionDiffQueryVariables = Exact<{
  releaseId: string | number;
  clusterId: string | number;
  fromRevision: number;
  toRevision: number;
}>;


export type HelmReleaseRevisionDiffQuery = { helmReleaseRevisionDiff: { clusterName: string, releaseName: string, releaseNamespace: string, valuesDiff: string, manifestDiff: string, from: { revision: number, status: string, chartName: string, chartVersion: string, appVersion: string | null, values: string, manifest: string }, to: { revision: number, status: string, chartName: string, chartVersion: string, appVersion: string | null, values: string, manifest: string } } };

export type GetKustomizationQueryVariables = Exact<{
  id: string | number;
}>;


export type GetKustomizationQuery = { kustomization: { id: string, namespace: string, name: string, path: string, interval: string, prune: boolean, wait: boolean, suspend: boolean, generation: number, createdAt: string, updatedAt: string, retryInterval: string | null, timeout: string | null, force: boolean, targetNamespace: string | null, spec: unknown, sourceRef: { kind: string, name: string, namespace: string | null }, placement: { clusterSelector: string | null, clusterNames: Array<string> }, clusters: Array<{ ready: string, reason: string | null, message: string | null, lastAppliedRevision: string | null, lastAttemptedRevision: string | null, observedGeneration: number | null, updatedAt: string | null, cluster: { id: string, name: string, connectionState: ClusterConnectionState }, conditions: Array<{ type: string, status: string, reason: string, message: string, lastTransitionTime: string | null }>, inventory: Array<{ id: string, version: string, group: string, kind: string, namespace: string | null, name: string }> }>, managedBy: { fleetSyncId: string, fleetSyncNamespace: string, fleetSyncName: string, sourceNamespace: string, sourceName: string, url: string | null, file: string, revision: string | null } | null, labels: Array<{ key: string, value: string }>, dependsOn: Array<{ name: string, namespace: string | null }> } | null };

export type LiveObjectQueryVariables = Exact<{
  owner: FluxObjectRefInput;
  target: ManagedObjectRefInput;
}>;


export type LiveObjectQuery = { liveObject: { live: string | null, desired: string | null, liveComparable: string | null, desiredComparable: string | null } };

export type GetOciRepositoryQueryVariables = Exact<{
  id: string | number;
}>;


export type GetOciRepositoryQuery = { ociRepository: { id: string, namespace: string, name: string, url: string, spec: unknown, suspend: boolean, credentialsKind: string | null, hasCaCertificate: boolean, hasClientCertificate: boolean, ready: string, message: string | null, createdAt: string, updatedAt: string, generation: number, observedGeneration: number | null, conditions: Array<{ type: string, status: string, reason: string, message: string, lastTransitionTime: string | null }>, artifact: { revision: string, digest: string, size: number, lastUpdateTime: string } | null, labels: Array<{ key: string, value: string }>, verifyPublicKeys: Array<{ name: string, pem: string }>, managedBy: { fleetSyncId: string, fleetSyncNamespace: string, fleetSyncName: string, sourceNamespace: string, sourceName: string, url: string | null, file: string, revision: string | null } | null, kustomizations: Array<{ id: string, name: string, path: string, suspend: boolean, clusters: Array<{ ready: string }> }> } | null };

export type GetUpdateProposalQueryVariables = Exact<{
  id: string | number;
}>;


export type GetUpdateProposalQuery = { updateProposal: { id: string, automation: string | null, state: string, baseBranch: string, headBranch: string, baseCommit: string, headCommit: string, message: string, requiredApprovals: number, rejectedReason: string | null, mergedCommit: string | null, closedBy: string | null, createdAt: string, updatedAt: string, closedAt: string | null, forgeUrl: string | null, forgeNumber: number | null, forgeError: string | null, conflictFiles: Array<string>, fleetEdit: { fleetSyncId: string, fleetSync: string, kind: string, namespace: string, name: string, objectId: string, file: string, action: string, proposedBy: string } | null, files: Array<{ path: string, diff: string, before: string | null, after: string | null }>, imageChanges: Array<{ file: string, object: string | null, setter: string, policy: string, oldValue: string, newValue: string }>, clusterDiffs: Array<{ kustomization: string | null, helmRelease: string | null, cluster: string, added: Array<string>, removed: Array<string>, error: string | null, hiddenVariables: Array<string>, note: string | null, changed: Array<{ object: string, fields: Array<string>, before: string | null, after: string | null }> }>, approvals: Array<{ username: string, comment: string | null, at: string }>, manualEdits: Array<{ path: string, username: string, at: string }>, rollout: Array<{ kustomization: string, cluster: string, phase: string, revision: string | null, message: string }> } | null };

export type HelmChartInfoQueryVariables = Exact<{
  namespace?: string | null | undefined;
  repository: string;
  chart: string;
  version?: string | null | undefined;
}>;


export type HelmChartInfoQuery = { helmChartInfo: { chart: string, version: string, defaultValues: string, valuesSchema: string | null } };

export type HelmValuesPreviewQueryVariables = Exact<{
  input: HelmValuesPreviewInput;
}>;


export type HelmValuesPreviewQuery = { helmValuesPreview: { clusterId: string, clusterName: string, values: unknown, error: string | null } };

export type ImportFluxYamlMutationVariables = Exact<{
  yaml: string;
  dryRun?: boolean | null | undefined;
}>;


export type ImportFluxYamlMutation = { importFluxYaml: { applied: boolean, objects: Array<{ kind: string, namespace: string, name: string, action: string, document: number, notes: Array<string>, placement: { clusterSelector: string | null, clusterNames: Array<string> } | null }>, problems: Array<{ document: number, line: number, kind: string | null, name: string | null, field: string | null, message: string }> } };

export type ListAlertsQueryVariables = Exact<{ [key: string]: never; }>;


export type ListAlertsQuery = { alerts: Array<{ id: string, namespace: string, name: string, providerId: string, providerName: string, eventSeverity: string, inclusionList: Array<string>, exclusionList: Array<string>, summary: string | null, suspend: boolean, mode: AlertMode, groupWindowSeconds: number, eventSources: Array<{ kind: string, name: string, namespace: string | null, matchLabels: Array<{ key: string, value: string }> }>, eventMetadata: Array<{ key: string, value: string }>, clusterSelector: { labels: string | null, names: Array<string> }, managedBy: { fleetSyncId: string, fleetSyncNamespace: string, fleetSyncName: string, sourceNamespace: string, sourceName: string, url: string | null, file: string, revision: string | null } | null }> };

export type ListApiTokensQueryVariables = Exact<{
  userId?: string | number | null | undefined;
}>;


export type ListApiTokensQuery = { apiTokens: Array<{ id: string, name: string, userId: string, username: string, role: Role, createdAt: string, expiresAt: string | null, lastUsedAt: string | null, revokedAt: string | null }> };

export type ListNotificationAttemptsQueryVariables = Exact<{
  providerId: string | number;
}>;


export type ListNotificationAttemptsQuery = { notificationAttempts: Array<{ id: string, deliveryId: string, at: string, statusCode: number | null, error: string | null, latencyMs: number, deliveryState: string, summary: string }> };

export type ListAuditActionsQueryVariables = Exact<{ [key: string]: never; }>;


export type ListAuditActionsQuery = { auditActions: Array<string> };

export type ListAuditEntriesQueryVariables = Exact<{
  filter?: AuditFilterInput | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ListAuditEntriesQuery = { auditEntries: { edges: Array<{ cursor: string, node: { id: string, createdAt: string, actorName: string, actorKind: string, action: string, targetType: string, targetId: string | null, details: unknown, ip: string | null, userAgent: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ClusterEventsQueryVariables = Exact<{
  id: string | number;
}>;


export type ClusterEventsQuery = { cluster: { id: string, events: Array<{ id: string, clusterId: string, clusterName: string, involvedKind: string, involvedNamespace: string | null, involvedName: string, severity: string, reason: string, message: string, revision: string | null, occurredAt: string }> } | null };

export type ClusterKustomizationsQueryVariables = Exact<{
  id: string | number;
}>;


export type ClusterKustomizationsQuery = { cluster: { id: string, kustomizations: Array<{ ready: string, reason: string | null, message: string | null, lastAppliedRevision: string | null, lastAttemptedRevision: string | null, updatedAt: string | null, kustomization: { id: string, name: string, suspend: boolean, sourceRef: { name: string } }, inventory: Array<{ id: string, version: string, group: string, kind: string, namespace: string | null, name: string }> }> } | null };

export type FluxObjectClusterOptionsQueryVariables = Exact<{ [key: string]: never; }>;


export type FluxObjectClusterOptionsQuery = { clusters: { edges: Array<{ node: { id: string, name: string } }> } };

export type ListClustersQueryVariables = Exact<{
  selector?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ListClustersQuery = { clusters: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, name: string, connectionState: ClusterConnectionState, kubernetesVersion: string | null, agentVersion: string | null, nodeCount: number | null, lastSeenAt: string | null, createdAt: string, labels: Array<{ key: string, value: string }> } }> } };

export type FleetActivityQueryVariables = Exact<{
  filter?: FleetActivityFilter | null | undefined;
  first?: number | null | undefined;
}>;


export type FleetActivityQuery = { fleetActivity: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, items: Array<{ id: string, clusterId: string, clusterName: string, kind: string, namespace: string | null, name: string, severity: EventSeverity, reason: string, message: string, revision: string | null, occurredAt: string }> } };

export type FleetAttentionQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type FleetAttentionQuery = { fleetAttention: { totalCount: number, items: Array<{ type: FleetAttentionType, clusterId: string, clusterName: string, kind: FluxKind | null, namespace: string | null, name: string | null, reason: string | null, message: string | null, since: string | null }> } };

export type FleetClustersQueryVariables = Exact<{
  filter?: FleetClusterFilter | null | undefined;
  sort?: FleetClusterSort | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type FleetClustersQuery = { fleetClusters: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, rows: Array<{ id: string, name: string, connectionState: ClusterConnectionState, lastSeenAt: string | null, total: number, ready: number, failing: number, stalled: number, progressing: number, suspended: number, worst: FleetHealth | null, worstReason: string | null, revisions: number, behind: number, labels: Array<{ key: string, value: string }> }> } };

export type ListFluxObjectsQueryVariables = Exact<{
  filter?: FluxObjectFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ListFluxObjectsQuery = { fluxObjects: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, clusterId: string, clusterName: string, kind: FluxKind, namespace: string, name: string, origin: FluxObjectOrigin, ready: string, reason: string | null, message: string | null, state: FluxObjectState, revision: string | null, suspended: boolean, inventoryCount: number, operations: Array<FluxOperation>, updatedAt: string, parent: { namespace: string, name: string } | null } }> } };

export type ListGitRepositoriesQueryVariables = Exact<{ [key: string]: never; }>;


export type ListGitRepositoriesQuery = { gitRepositories: Array<{ id: string, namespace: string, name: string, url: string, interval: string, timeout: string, suspend: boolean, credentialsKind: string | null, ready: string, createdAt: string, updatedAt: string, ref: { branch: string | null, tag: string | null, semver: string | null, commit: string | null, name: string | null } | null, conditions: Array<{ type: string, status: string, reason: string, message: string, lastTransitionTime: string | null }>, artifact: { revision: string, digest: string, size: number, lastUpdateTime: string } | null }> };

export type ListHubHelmQueryVariables = Exact<{ [key: string]: never; }>;


export type ListHubHelmQuery = { helmRepositories: Array<{ id: string, namespace: string, name: string, type: string, url: string, insecure: boolean, interval: string, timeout: string, passCredentials: boolean, suspend: boolean, ready: string, message: string | null, credentialsKind: string | null, hasCaCertificate: boolean, hasClientCertificate: boolean, managedBy: { fleetSyncId: string, fleetSyncNamespace: string, fleetSyncName: string, sourceNamespace: string, sourceName: string, url: string | null, file: string, revision: string | null } | null, conditions: Array<{ type: string, status: string, reason: string, message: string }>, artifact: { revision: string, size: number, lastUpdateTime: string } | null }>, helmReleases: Array<{ id: string, namespace: string, name: string, generation: number, spec: unknown, overlays: Array<{ clusterSelector: string, values: unknown }>, placement: { clusterSelector: string | null, clusterNames: Array<string> }, chart: { name: string | null, version: string | null, failureReason: string | null, failureMessage: string | null }, clusterValues: Array<{ clusterId: string, clusterName: string, values: unknown, error: string | null }>, managedBy: { fleetSyncId: string, fleetSyncNamespace: string, fleetSyncName: string, sourceNamespace: string, sourceName: string, url: string | null, file: string, revision: string | null } | null }> };

export type ListImageUpdateAutomationsQueryVariables = Exact<{ [key: string]: never; }>;


export type ListImageUpdateAutomationsQuery = { imageUpdateAutomations: Array<{ id: string, namespace: string, name: string, source: string, checkoutBranch: string | null, pushBranch: string | null, authorName: string, authorEmail: string, messageTemplate: string | null, interval: string, updatePath: string, mode: string, requiredApprovals: number, approverTeam: string | null, policySelector: string | null, mergeStrategy: string, provider: string, providerApiUrl: string | null, providerRepository: string | null, providerTokenSet: boolean, autoMergeAfter: string | null, autoMergeRequiresApproval: boolean, suspend: boolean, ready: string, message: string | null, warnings: Array<string>, lastPushCommit: string | null, lastAutomationRunTime: string | null, managedBy: { fleetSyncId: string, fleetSyncNamespace: string, fleetSyncName: string, sourceNamespace: string, sourceName: string, url: string | null, file: string, revision: string | null } | null }> };

export type ListImagePoliciesQueryVariables = Exact<{ [key: string]: never; }>;


export type ListImagePoliciesQuery = { imagePolicies: Array<{ id: string, namespace: string, name: string, imageRepository: string, policy: unknown, filterTags: unknown, digestReflectionPolicy: string, interval: string | null, suspend: boolean, ready: string, message: string | null, labels: Array<{ key: string, value: string }>, latestRef: { name: string, tag: string, digest: string | null } | null, observedPreviousRef: { name: string, tag: string } | null, managedBy: { fleetSyncId: string, fleetSyncNamespace: string, fleetSyncName: string, sourceNamespace: string, sourceName: string, url: string | null, file: string, revision: string | null } | null }> };

export type ListImageRepositoriesQueryVariables = Exact<{ [key: string]: never; }>;


export type ListImageRepositoriesQuery = { imageRepositories: Array<{ id: string, namespace: string, name: string, image: string, interval: string, timeout: string, exclusionList: Array<string>, insecure: boolean, suspend: boolean, credentialsKind: string | null, canonicalImageName: string | null, ready: string, message: string | null, tags: Array<string>, lastScanResult: { tagCount: number, scanTime: string | null, latestTags: Array<string> } | null, managedBy: { fleetSyncId: string, fleetSyncNamespace: string, fleetSyncName: string, sourceNamespace: string, sourceName: string, url: string | null, file: string, revision: string | null } | null }> };

export type KustomizationEventsQueryVariables = Exact<{
  kustomizationId: string | number;
  clusterId: string | number;
}>;


export type KustomizationEventsQuery = { events: Array<{ id: string, clusterId: string, clusterName: string, involvedKind: string, involvedNamespace: string | null, involvedName: string, severity: string, reason: string, message: string, revision: string | null, occurredAt: string }> };

export type ListKustomizationsQueryVariables = Exact<{ [key: string]: never; }>;


export type ListKustomizationsQuery = { kustomizations: Array<{ id: string, namespace: string, name: string, path: string, interval: string, prune: boolean, wait: boolean, suspend: boolean, generation: number, createdAt: string, updatedAt: string, sourceRef: { kind: string, name: string, namespace: string | null }, placement: { clusterSelector: string | null, clusterNames: Array<string> }, clusters: Array<{ ready: string, cluster: { id: string, name: string } }> }> };

export type ListOciRepositoriesQueryVariables = Exact<{ [key: string]: never; }>;


export type ListOciRepositoriesQuery = { ociRepositories: Array<{ id: string, namespace: string, name: string, url: string, spec: unknown, suspend: boolean, credentialsKind: string | null, hasCaCertificate: boolean, hasClientCertificate: boolean, ready: string, message: string | null, createdAt: string, updatedAt: string, conditions: Array<{ type: string, status: string, reason: string, message: string, lastTransitionTime: string | null }>, artifact: { revision: string, digest: string, size: number, lastUpdateTime: string } | null }> };

export type ListUpdateProposalsQueryVariables = Exact<{
  open?: boolean | null | undefined;
}>;


export type ListUpdateProposalsQuery = { updateProposals: Array<{ id: string, automation: string | null, state: string, baseBranch: string, headCommit: string, requiredApprovals: number, updatedAt: string, fleetEdit: { fleetSync: string, kind: string, namespace: string, name: string, action: string } | null, approvals: Array<{ username: string }>, imageChanges: Array<{ policy: string, oldValue: string, newValue: string }>, clusterDiffs: Array<{ cluster: string }> }> };

export type OpenProposalCountQueryVariables = Exact<{ [key: string]: never; }>;


export type OpenProposalCountQuery = { openProposalCount: number };

export type ListNotificationProvidersQueryVariables = Exact<{ [key: string]: never; }>;


export type ListNotificationProvidersQuery = { notificationProviders: Array<{ id: string, namespace: string, name: string, type: string, address: string | null, channel: string | null, username: string | null, timeout: string | null, proxy: string | null, suspend: boolean, secretKeys: Array<string>, hasCertificate: boolean, ready: boolean, message: string | null, field: string | null, managedBy: { fleetSyncId: string, fleetSyncNamespace: string, fleetSyncName: string, sourceNamespace: string, sourceName: string, url: string | null, file: string, revision: string | null } | null }> };

export type ListReceiversQueryVariables = Exact<{ [key: string]: never; }>;


export type ListReceiversQuery = { receivers: Array<{ id: string, namespace: string, name: string, type: string, events: Array<string>, suspend: boolean, gcrAudience: string | null, gcrEmail: string | null, webhookPath: string, lastReceivedAt: string | null, createdAt: string, resources: Array<{ kind: string, name: string, namespace: string | null, matchLabels: Array<{ key: string, value: string }> }>, managedBy: { fleetSyncId: string, fleetSyncNamespace: string, fleetSyncName: string, sourceNamespace: string, sourceName: string, url: string | null, file: string, revision: string | null } | null }> };

export type KustomizationSourceOptionsQueryVariables = Exact<{ [key: string]: never; }>;


export type KustomizationSourceOptionsQuery = { gitRepositories: Array<{ id: string, namespace: string, name: string, url: string, ready: string }>, ociRepositories: Array<{ id: string, namespace: string, name: string, url: string, ready: string }> };

export type ListTeamsQueryVariables = Exact<{ [key: string]: never; }>;


export type ListTeamsQuery = { teams: Array<{ id: string, name: string, createdAt: string, members: Array<{ userId: string, username: string }>, grants: Array<{ id: string, role: Role, clusterSelector: string, namespaces: Array<string> }> }> };

export type ListUsersQueryVariables = Exact<{ [key: string]: never; }>;


export type ListUsersQuery = { users: Array<{ id: string, username: string, role: Role | null, createdAt: string, lastLoginAt: string | null, disabled: boolean, disabledAt: string | null, passwordChangeRequired: boolean }> };

export type PlacementPreviewQueryVariables = Exact<{
  selector?: string | null | undefined;
}>;


export type PlacementPreviewQuery = { clusters: { totalCount: number, edges: Array<{ node: { id: string, name: string, connectionState: ClusterConnectionState, labels: Array<{ key: string, value: string }> } }> } };

export type ProposeFleetDeleteMutationVariables = Exact<{
  kind: string;
  id: string | number;
}>;


export type ProposeFleetDeleteMutation = { proposeFleetDelete: { id: string, headBranch: string } };

export type ProposeGitRepositoryEditMutationVariables = Exact<{
  id: string | number;
  input: GitRepositoryInput;
}>;


export type ProposeGitRepositoryEditMutation = { proposeGitRepositoryEdit: { id: string, headBranch: string } };

export type ProposeHelmReleaseEditMutationVariables = Exact<{
  id: string | number;
  input: HelmReleaseInput;
}>;


export type ProposeHelmReleaseEditMutation = { proposeHelmReleaseEdit: { id: string, headBranch: string } };

export type ProposeHelmRepositoryEditMutationVariables = Exact<{
  id: string | number;
  input: HelmRepositoryInput;
}>;


export type ProposeHelmRepositoryEditMutation = { proposeHelmRepositoryEdit: { id: string, headBranch: string } };

export type ProposeImagePolicyEditMutationVariables = Exact<{
  id: string | number;
  input: ImagePolicyInput;
}>;


export type ProposeImagePolicyEditMutation = { proposeImagePolicyEdit: { id: string, headBranch: string } };

export type ProposeImageRepositoryEditMutationVariables = Exact<{
  id: string | number;
  input: ImageRepositoryInput;
}>;


export type ProposeImageRepositoryEditMutation = { proposeImageRepositoryEdit: { id: string, headBranch: string } };

export type ProposeImageUpdateAutomationEditMutationVariables = Exact<{
  id: string | number;
  input: ImageUpdateAutomationInput;
}>;


export type ProposeImageUpdateAutomationEditMutation = { proposeImageUpdateAutomationEdit: { id: string, headBranch: string } };

export type ProposeKustomizationEditMutationVariables = Exact<{
  id: string | number;
  input: KustomizationInput;
}>;


export type ProposeKustomizationEditMutation = { proposeKustomizationEdit: { id: string, headBranch: string } };

export type ProposeAlertEditMutationVariables = Exact<{
  id: string | number;
  input: AlertInput;
}>;


export type ProposeAlertEditMutation = { proposeAlertEdit: { id: string, headBranch: string } };

export type ProposeProviderEditMutationVariables = Exact<{
  id: string | number;
  input: NotificationProviderInput;
}>;


export type ProposeProviderEditMutation = { proposeProviderEdit: { id: string, headBranch: string } };

export type ProposeReceiverEditMutationVariables = Exact<{
  id: string | number;
  input: ReceiverInput;
}>;


export type ProposeReceiverEditMutation = { proposeReceiverEdit: { id: string, headBranch: string } };

export type ProposeOciRepositoryEditMutationVariables = Exact<{
  id: string | number;
  input: OciRepositoryInput;
}>;


export type ProposeOciRepositoryEditMutation = { proposeOCIRepositoryEdit: { id: string, headBranch: string } };

export type ReconcileGitRepositoryMutationVariables = Exact<{
  id: string | number;
}>;


export type ReconcileGitRepositoryMutation = { requestReconcile: boolean };

export type ReconcileKustomizationMutationVariables = Exact<{
  id: string | number;
  clusterId?: string | number | null | undefined;
  withSource?: boolean | null | undefined;
}>;


export type ReconcileKustomizationMutation = { requestReconcile: boolean };

export type RemoveTeamGrantMutationVariables = Exact<{
  id: string | number;
}>;


export type RemoveTeamGrantMutation = { removeTeamGrant: { id: string, name: string, createdAt: string, members: Array<{ userId: string, username: string }>, grants: Array<{ id: string, role: Role, clusterSelector: string, namespaces: Array<string> }> } };

export type RemoveTeamMemberMutationVariables = Exact<{
  teamId: string | number;
  userId: string | number;
}>;


export type RemoveTeamMemberMutation = { removeTeamMember: { id: string, name: string, createdAt: string, members: Array<{ userId: string, username: string }>, grants: Array<{ id: string, role: Role, clusterSelector: string, namespaces: Array<string> }> } };

export type RenameTeamMutationVariables = Exact<{
  id: string | number;
  name: string;
}>;


export type RenameTeamMutation = { renameTeam: { id: string, name: string, createdAt: string, members: Array<{ userId: string, username: string }>, grants: Array<{ id: string, role: Role, clusterSelector: string, namespaces: Array<string> }> } };

export type ResetUserPasswordMutationVariables = Exact<{
  userId: string | number;
}>;


export type ResetUserPasswordMutation = { resetUserPassword: { oneTimePassword: string | null, user: { id: string, username: string } } };

export type ApproveUpdateProposalMutationVariables = Exact<{
  id: string | number;
  comment?: string | null | undefined;
}>;


export type ApproveUpdateProposalMutation = { approveUpdateProposal: { id: string, automation: string | null, state: string, baseBranch: string, headBranch: string, baseCommit: string, headCommit: string, message: string, requiredApprovals: number, rejectedReason: string | null, mergedCommit: string | null, closedBy: string | null, createdAt: string, updatedAt: string, closedAt: string | null, forgeUrl: string | null, forgeNumber: number | null, forgeError: string | null, conflictFiles: Array<string>, fleetEdit: { fleetSyncId: string, fleetSync: string, kind: string, namespace: string, name: string, objectId: string, file: string, action: string, proposedBy: string } | null, files: Array<{ path: string, diff: string, before: string | null, after: string | null }>, imageChanges: Array<{ file: string, object: string | null, setter: string, policy: string, oldValue: string, newValue: string }>, clusterDiffs: Array<{ kustomization: string | null, helmRelease: string | null, cluster: string, added: Array<string>, removed: Array<string>, error: string | null, hiddenVariables: Array<string>, note: string | null, changed: Array<{ object: string, fields: Array<string>, before: string | null, after: string | null }> }>, approvals: Array<{ username: string, comment: string | null, at: string }>, manualEdits: Array<{ path: string, username: string, at: string }>, rollout: Array<{ kustomization: string, cluster: string, phase: string, revision: string | null, message: string }> } };

export type MergeUpdateProposalMutationVariables = Exact<{
  id: string | number;
}>;


export type MergeUpdateProposalMutation = { mergeUpdateProposal: { id: string, automation: string | null, state: string, baseBranch: string, headBranch: string, baseCommit: string, headCommit: string, message: string, requiredApprovals: number, rejectedReason: string | null, mergedCommit: string | null, closedBy: string | null, createdAt: string, updatedAt: string, closedAt: string | null, forgeUrl: string | null, forgeNumber: number | null, forgeError: string | null, conflictFiles: Array<string>, fleetEdit: { fleetSyncId: string, fleetSync: string, kind: string, namespace: string, name: string, objectId: string, file: string, action: string, proposedBy: string } | null, files: Array<{ path: string, diff: string, before: string | null, after: string | null }>, imageChanges: Array<{ file: string, object: string | null, setter: string, policy: string, oldValue: string, newValue: string }>, clusterDiffs: Array<{ kustomization: string | null, helmRelease: string | null, cluster: string, added: Array<string>, removed: Array<string>, error: string | null, hiddenVariables: Array<string>, note: string | null, changed: Array<{ object: string, fields: Array<string>, before: string | null, after: string | null }> }>, approvals: Array<{ username: string, comment: string | null, at: string }>, manualEdits: Array<{ path: string, username: string, at: string }>, rollout: Array<{ kustomization: string, cluster: string, phase: string, revision: string | null, message: string }> } };

export type RejectUpdateProposalMutationVariables = Exact<{
  id: string | number;
  reason: string;
}>;


export type RejectUpdateProposalMutation = { rejectUpdateProposal: { id: string, automation: string | null, state: string, baseBranch: string, headBranch: string, baseCommit: string, headCommit: string, message: string, requiredApprovals: number, rejectedReason: string | null, mergedCommit: string | null, closedBy: string | null, createdAt: string, updatedAt: string, closedAt: string | null, forgeUrl: string | null, forgeNumber: number | null, forgeError: string | null, conflictFiles: Array<string>, fleetEdit: { fleetSyncId: string, fleetSync: string, kind: string, namespace: string, name: string, objectId: string, file: string, action: string, proposedBy: string } | null, files: Array<{ path: string, diff: string, before: string | null, after: string | null }>, imageChanges: Array<{ file: string, object: string | null, setter: string, policy: string, oldValue: string, newValue: string }>, clusterDiffs: Array<{ kustomization: string | null, helmRelease: string | null, cluster: string, added: Array<string>, removed: Array<string>, error: string | null, hiddenVariables: Array<string>, note: string | null, changed: Array<{ object: string, fields: Array<string>, before: string | null, after: string | null }> }>, approvals: Array<{ username: string, comment: string | null, at: string }>, manualEdits: Array<{ path: string, username: string, at: string }>, rollout: Array<{ kustomization: string, cluster: string, phase: string, revision: string | null, message: string }> } };

export type RevokeApiTokenMutationVariables = Exact<{
  id: string | number;
}>;


export type RevokeApiTokenMutation = { revokeApiToken: { id: string, name: string, userId: string, username: string, role: Role, createdAt: string, expiresAt: string | null, lastUsedAt: string | null, revokedAt: string | null } };

export type RevokeClusterCredentialMutationVariables = Exact<{
  clusterId: string | number;
}>;


export type RevokeClusterCredentialMutation = { revokeClusterCredential: { id: string, name: string, connectionState: ClusterConnectionState, kubernetesVersion: string | null, agentVersion: string | null, nodeCount: number | null, lastSeenAt: string | null, createdAt: string, labels: Array<{ key: string, value: string }> } };

export type FleetRolloutClustersQueryVariables = Exact<{
  target: FleetRolloutTarget;
  groupBy?: string | null | undefined;
  ids?: Array<string | number> | string | number | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type FleetRolloutClustersQuery = { fleetRolloutClusters: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, rows: Array<{ clusterId: string, clusterName: string, connectionState: ClusterConnectionState, lastSeenAt: string | null, group: string | null, cells: Array<{ object: number, health: FleetHealth, revision: string | null }>, pending: Array<{ object: number, reason: FleetRolloutPendingReason }> }> } };

export type FleetRolloutSpreadQueryVariables = Exact<{
  target: FleetRolloutTarget;
}>;


export type FleetRolloutSpreadQuery = { fleetRolloutSpread: Array<{ revision: string, points: Array<{ at: string, clusters: number }> }> };

export type FleetRolloutSummaryQueryVariables = Exact<{
  target: FleetRolloutTarget;
  groupBy?: string | null | undefined;
}>;


export type FleetRolloutSummaryQuery = { fleetRolloutSummary: { objectsTruncated: boolean, clusters: number, pending: number, groupsTruncated: boolean, objects: Array<{ kind: FluxKind, namespace: string, name: string }>, revisions: Array<{ revision: string | null, clusters: number, firstSeenAt: string | null, newest: boolean }>, groups: Array<{ value: string | null, clusters: number, onNewest: number, onOlder: number, pending: number }> } };

export type RunFluxObjectOperationMutationVariables = Exact<{
  ref: FluxObjectRefInput;
  operation: FluxOperation;
}>;


export type RunFluxObjectOperationMutation = { runFluxObjectOperation: boolean };

export type CreateHelmReleaseMutationVariables = Exact<{
  input: HelmReleaseInput;
}>;


export type CreateHelmReleaseMutation = { createHelmRelease: { id: string, name: string } };

export type CreateHelmRepositoryMutationVariables = Exact<{
  input: HelmRepositoryInput;
}>;


export type CreateHelmRepositoryMutation = { createHelmRepository: { id: string, name: string } };

export type DeleteHelmReleaseMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteHelmReleaseMutation = { deleteHelmRelease: boolean };

export type DeleteHelmRepositoryMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteHelmRepositoryMutation = { deleteHelmRepository: boolean };

export type ReconcileHelmRepositoryMutationVariables = Exact<{
  id: string | number;
}>;


export type ReconcileHelmRepositoryMutation = { reconcileHelmRepository: boolean };

export type SetHelmRepositoryCredentialsMutationVariables = Exact<{
  id: string | number;
  input: HelmRepositorySecretsInput;
}>;


export type SetHelmRepositoryCredentialsMutation = { setHelmRepositoryCredentials: { id: string, name: string, credentialsKind: string | null, hasCaCertificate: boolean, hasClientCertificate: boolean } };

export type UpdateHelmReleaseMutationVariables = Exact<{
  id: string | number;
  input: HelmReleaseInput;
}>;


export type UpdateHelmReleaseMutation = { updateHelmRelease: { id: string, name: string } };

export type UpdateHelmRepositoryMutationVariables = Exact<{
  id: string | number;
  input: HelmRepositoryInput;
}>;


export type UpdateHelmRepositoryMutation = { updateHelmRepository: { id: string, name: string } };

export type CreateImageUpdateAutomationMutationVariables = Exact<{
  input: ImageUpdateAutomationInput;
}>;


export type CreateImageUpdateAutomationMutation = { createImageUpdateAutomation: { id: string, namespace: string, name: string, source: string, checkoutBranch: string | null, pushBranch: string | null, authorName: string, authorEmail: string, messageTemplate: string | null, interval: string, updatePath: string, mode: string, requiredApprovals: number, approverTeam: string | null, policySelector: string | null, mergeStrategy: string, provider: string, providerApiUrl: string | null, providerRepository: string | null, providerTokenSet: boolean, autoMergeAfter: string | null, autoMergeRequiresApproval: boolean, suspend: boolean, ready: string, message: string | null, warnings: Array<string>, lastPushCommit: string | null, lastAutomationRunTime: string | null } };

export type DeleteImageUpdateAutomationMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteImageUpdateAutomationMutation = { deleteImageUpdateAutomation: boolean };

export type UpdateImageUpdateAutomationMutationVariables = Exact<{
  id: string | number;
  input: ImageUpdateAutomationInput;
}>;


export type UpdateImageUpdateAutomationMutation = { updateImageUpdateAutomation: { id: string, namespace: string, name: string, source: string, checkoutBranch: string | null, pushBranch: string | null, authorName: string, authorEmail: string, messageTemplate: string | null, interval: string, updatePath: string, mode: string, requiredApprovals: number, approverTeam: string | null, policySelector: string | null, mergeStrategy: string, provider: string, providerApiUrl: string | null, providerRepository: string | null, providerTokenSet: boolean, autoMergeAfter: string | null, autoMergeRequiresApproval: boolean, suspend: boolean, ready: string, message: string | null, warnings: Array<string>, lastPushCommit: string | null, lastAutomationRunTime: string | null } };

export type CreateImagePolicyMutationVariables = Exact<{
  input: ImagePolicyInput;
}>;


export type CreateImagePolicyMutation = { createImagePolicy: { id: string, namespace: string, name: string, imageRepository: string, policy: unknown, filterTags: unknown, digestReflectionPolicy: string, interval: string | null, suspend: boolean, ready: string, message: string | null, labels: Array<{ key: string, value: string }>, latestRef: { name: string, tag: string, digest: string | null } | null, observedPreviousRef: { name: string, tag: string } | null } };

export type DeleteImagePolicyMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteImagePolicyMutation = { deleteImagePolicy: boolean };

export type PreviewImagePolicyQueryVariables = Exact<{
  input: ImagePolicyPreviewInput;
}>;


export type PreviewImagePolicyQuery = { imagePolicyPreview: { tag: string | null, message: string, tagCount: number | null } };

export type UpdateImagePolicyMutationVariables = Exact<{
  id: string | number;
  input: ImagePolicyInput;
}>;


export type UpdateImagePolicyMutation = { updateImagePolicy: { id: string, namespace: string, name: string, imageRepository: string, policy: unknown, filterTags: unknown, digestReflectionPolicy: string, interval: string | null, suspend: boolean, ready: string, message: string | null, labels: Array<{ key: string, value: string }>, latestRef: { name: string, tag: string, digest: string | null } | null, observedPreviousRef: { name: string, tag: string } | null } };

export type CreateImageRepositoryMutationVariables = Exact<{
  input: ImageRepositoryInput;
}>;


export type CreateImageRepositoryMutation = { createImageRepository: { id: string, namespace: string, name: string, image: string, interval: string, timeout: string, exclusionList: Array<string>, insecure: boolean, suspend: boolean, credentialsKind: string | null, canonicalImageName: string | null, ready: string, message: string | null, tags: Array<string>, lastScanResult: { tagCount: number, scanTime: string | null, latestTags: Array<string> } | null } };

export type DeleteImageRepositoryMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteImageRepositoryMutation = { deleteImageRepository: boolean };

export type ScanImageRepositoryMutationVariables = Exact<{
  id: string | number;
}>;


export type ScanImageRepositoryMutation = { scanImageRepository: string };

export type SetImageRepositoryCredentialsMutationVariables = Exact<{
  id: string | number;
  input: ImageRepositorySecretsInput;
}>;


export type SetImageRepositoryCredentialsMutation = { setImageRepositoryCredentials: { id: string, credentialsKind: string | null } };

export type UpdateImageRepositoryMutationVariables = Exact<{
  id: string | number;
  input: ImageRepositoryInput;
}>;


export type UpdateImageRepositoryMutation = { updateImageRepository: { id: string, namespace: string, name: string, image: string, interval: string, timeout: string, exclusionList: Array<string>, insecure: boolean, suspend: boolean, credentialsKind: string | null, canonicalImageName: string | null, ready: string, message: string | null, tags: Array<string>, lastScanResult: { tagCount: number, scanTime: string | null, latestTags: Array<string> } | null } };

export type CreateOciRepositoryMutationVariables = Exact<{
  input: OciRepositoryInput;
}>;


export type CreateOciRepositoryMutation = { createOciRepository: { id: string, name: string } };

export type DeleteOciRepositoryMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteOciRepositoryMutation = { deleteOciRepository: boolean };

export type ReconcileOciRepositoryMutationVariables = Exact<{
  id: string | number;
}>;


export type ReconcileOciRepositoryMutation = { reconcileOciRepository: boolean };

export type SetOciRepositoryCredentialsMutationVariables = Exact<{
  id: string | number;
  input: OciRepositorySecretsInput;
}>;


export type SetOciRepositoryCredentialsMutation = { setOciRepositoryCredentials: { id: string, credentialsKind: string | null, hasCaCertificate: boolean, hasClientCertificate: boolean, verifyPublicKeys: Array<{ name: string, pem: string }> } };

export type UpdateOciRepositoryMutationVariables = Exact<{
  id: string | number;
  input: OciRepositoryInput;
}>;


export type UpdateOciRepositoryMutation = { updateOciRepository: { id: string, name: string, suspend: boolean } };

export type FleetSearchQueryVariables = Exact<{
  query: string;
}>;


export type FleetSearchQuery = { fleetSearch: { truncated: boolean, objects: Array<{ clusterId: string, clusterName: string, kind: FluxKind, namespace: string, name: string, health: FleetHealth, revision: string | null }>, inventory: Array<{ clusterId: string, clusterName: string, group: string, kind: string, namespace: string | null, name: string, ownerKind: FluxKind, ownerNamespace: string, ownerName: string }>, images: Array<{ clusterId: string, clusterName: string, group: string, kind: string, namespace: string | null, name: string, image: string, ownerKind: FluxKind, ownerNamespace: string, ownerName: string }> } };

export type SendTestNotificationMutationVariables = Exact<{
  providerId: string | number;
}>;


export type SendTestNotificationMutation = { sendTestNotification: boolean };

export type SetGitRepositoryCredentialsMutationVariables = Exact<{
  id: string | number;
  credentials?: GitCredentialsInput | null | undefined;
  clear?: boolean | null | undefined;
}>;


export type SetGitRepositoryCredentialsMutation = { setGitRepositoryCredentials: { id: string, credentialsKind: string | null } };

export type SetNotificationProviderSecretMutationVariables = Exact<{
  id: string | number;
  input: NotificationProviderSecretsInput;
}>;


export type SetNotificationProviderSecretMutation = { setNotificationProviderSecret: { id: string, secretKeys: Array<string>, hasCertificate: boolean } };

export type ResumeDefinitionMutationVariables = Exact<{
  kind: SuspendKind;
  id: string | number;
}>;


export type ResumeDefinitionMutation = { resume: boolean };

export type SuspendDefinitionMutationVariables = Exact<{
  kind: SuspendKind;
  id: string | number;
}>;


export type SuspendDefinitionMutation = { suspend: boolean };

export type DisableUserMutationVariables = Exact<{
  userId: string | number;
}>;


export type DisableUserMutation = { disableUser: { id: string, username: string, role: Role | null, createdAt: string, lastLoginAt: string | null, disabled: boolean, disabledAt: string | null, passwordChangeRequired: boolean } };

export type EnableUserMutationVariables = Exact<{
  userId: string | number;
}>;


export type EnableUserMutation = { enableUser: { id: string, username: string, role: Role | null, createdAt: string, lastLoginAt: string | null, disabled: boolean, disabledAt: string | null, passwordChangeRequired: boolean } };

export type SetUserRoleMutationVariables = Exact<{
  userId: string | number;
  role?: Role | null | undefined;
}>;


export type SetUserRoleMutation = { setUserRole: { id: string, username: string, role: Role | null, createdAt: string, lastLoginAt: string | null, disabled: boolean, disabledAt: string | null, passwordChangeRequired: boolean } };

export type UpdateAlertMutationVariables = Exact<{
  id: string | number;
  input: AlertInput;
}>;


export type UpdateAlertMutation = { updateAlert: { id: string, namespace: string, name: string, providerId: string, providerName: string, eventSeverity: string, inclusionList: Array<string>, exclusionList: Array<string>, summary: string | null, suspend: boolean, mode: AlertMode, groupWindowSeconds: number, eventSources: Array<{ kind: string, name: string, namespace: string | null, matchLabels: Array<{ key: string, value: string }> }>, eventMetadata: Array<{ key: string, value: string }>, clusterSelector: { labels: string | null, names: Array<string> } } };

export type UpdateClusterMutationVariables = Exact<{
  input: UpdateClusterInput;
}>;


export type UpdateClusterMutation = { updateCluster: { id: string, name: string, connectionState: ClusterConnectionState, kubernetesVersion: string | null, agentVersion: string | null, nodeCount: number | null, lastSeenAt: string | null, createdAt: string, labels: Array<{ key: string, value: string }>, variables: Array<{ key: string, value: string }> } };

export type UpdateGitRepositoryMutationVariables = Exact<{
  id: string | number;
  input: GitRepositoryInput;
}>;


export type UpdateGitRepositoryMutation = { updateGitRepository: { id: string, name: string } };

export type UpdateKustomizationMutationVariables = Exact<{
  id: string | number;
  input: KustomizationInput;
}>;


export type UpdateKustomizationMutation = { updateKustomization: { id: string, name: string } };

export type UpdateNotificationProviderMutationVariables = Exact<{
  id: string | number;
  input: NotificationProviderInput;
}>;


export type UpdateNotificationProviderMutation = { updateNotificationProvider: { id: string, namespace: string, name: string, type: string, address: string | null, channel: string | null, username: string | null, timeout: string | null, proxy: string | null, suspend: boolean, secretKeys: Array<string>, hasCertificate: boolean, ready: boolean, message: string | null, field: string | null } };

export type UpdateReceiverMutationVariables = Exact<{
  id: string | number;
  input: ReceiverInput;
}>;


export type UpdateReceiverMutation = { updateReceiver: { id: string, namespace: string, name: string, type: string, events: Array<string>, suspend: boolean, gcrAudience: string | null, gcrEmail: string | null, webhookPath: string, lastReceivedAt: string | null, createdAt: string, resources: Array<{ kind: string, name: string, namespace: string | null, matchLabels: Array<{ key: string, value: string }> }> } };

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { viewer: { id: string, username: string, role: Role | null, highestRole: Role | null, passwordChangeRequired: boolean } };
