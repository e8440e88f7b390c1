import { Injectable } from '@nestjs/common';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { badInput, DomainError } from '../common/domain-error.js';
import { ManagedByGit } from '../fleet-sync/managed-by-git.js';
import { KustomizationsService } from '../kustomizations/kustomizations.service.js';
import { GitRepositoriesService } from '../sources/git-repositories.service.js';
import { validateGitRepositoryInput } from '../sources/git-repository.validation.js';
import type { FluxYamlImportObjectObject, FluxYamlImportResultObject, FluxYamlProblemObject } from './dto/flux-yaml.object.js';
import { gitRepositoryDocument, kustomizationDocument, toFluxYaml, type FluxDocument } from './flux-yaml.export.js';
import { IMPORTABLE_KINDS, parseFluxYaml, type FieldPath, type ParsedDoc } from './flux-yaml.parse.js';
import { CLUSTER_SELECTOR_ANNOTATION, CLUSTERS_ANNOTATION } from './placement-annotations.js';

export interface ExportFilter {
  kind: string | null;
  namespace: string | null;
  name: string | null;
}

/** Where a validator's input field sits in the Flux document it came from. */
export function documentPath(doc: ParsedDoc, field: string): FieldPath {
  if (field === 'name' || field === 'namespace') return ['metadata', field];
  if (field.startsWith('labels')) return ['metadata', 'labels'];
  if (field.startsWith('placement.clusterSelector')) return ['metadata', 'annotations', CLUSTER_SELECTOR_ANNOTATION];
  if (field.startsWith('placement')) return ['metadata', 'annotations', CLUSTERS_ANNOTATION];
  if (doc.kind === 'Kustomization') return field;
  return `spec.${field}`;
}

/**
 * Flux YAML in and out of the hub. An import checks every document with the same validators the create
 * mutations use before it writes any, so a text with one bad document creates nothing; the writes then go
 * through the services (audit entries, assignments and events as for a form).
 */
@Injectable()
export class FluxYamlService {
  constructor(
    private readonly git: GitRepositoriesService,
    private readonly kustomizations: KustomizationsService,
    private readonly managed: ManagedByGit,
  ) {}

  async export(actor: Actor, filter: ExportFilter): Promise<string> {
    if (filter.kind !== null && !(filter.kind in IMPORTABLE_KINDS)) {
      throw badInput('kind', `kind: "${filter.kind}" is not exported; the hub exports ${Object.keys(IMPORTABLE_KINDS).join(' and ')}`);
    }
    const wanted = (kind: string, o: { namespace: string; name: string }) =>
      (filter.kind === null || filter.kind === kind) && (filter.namespace === null || o.namespace === filter.namespace) && (filter.name === null || o.name === filter.name);
    const docs: FluxDocument[] = [
      ...(await this.git.list(actor)).filter((g) => wanted('GitRepository', g)).map(gitRepositoryDocument),
      ...(await this.kustomizations.list(actor)).filter((k) => wanted('Kustomization', k)).map(kustomizationDocument),
    ];
    if (filter.name !== null && docs.length === 0) {
      throw new DomainError(filter.kind === 'GitRepository' ? 'SOURCE_NOT_FOUND' : 'KUSTOMIZATION_NOT_FOUND', `no ${filter.kind ?? 'object'} named ${filter.name}`);
    }
    return toFluxYaml(docs);
  }

  async import(actor: Actor, origin: RequestOrigin, text: string, dryRun: boolean): Promise<FluxYamlImportResultObject> {
    const { docs, problems } = parseFluxYaml(text);
    const [gits, kss] = await Promise.all([this.git.list(actor), this.kustomizations.list(actor)]);
    const existing = new Map<string, string>([
      ...gits.map((g) => [`GitRepository/${g.namespace}/${g.name}`, g.id] as const),
      ...kss.map((k) => [`Kustomization/${k.namespace}/${k.name}`, k.id] as const),
    ]);
    const seen = new Set<string>();
    const objects: (FluxYamlImportObjectObject & { doc: ParsedDoc })[] = [];
    const problem = (doc: ParsedDoc, path: FieldPath | null, message: string): FluxYamlProblemObject => {
      const field = path === null ? null : typeof path === 'string' ? path : path.join('.');
      return { document: doc.document, line: path === null ? doc.line : doc.lineOf(path), kind: doc.kind, name: doc.name, field, message };
    };
    for (const doc of docs) {
      try {
        const v = doc.kind === 'GitRepository' ? validateGitRepositoryInput(doc.input) : this.kustomizations.validate(doc.input);
        const key = `${doc.kind}/${v.namespace}/${v.name}`;
        if (seen.has(key)) {
          problems.push(problem(doc, 'metadata.name', `metadata.name: ${doc.kind} ${v.namespace}/${v.name} is in the text twice`));
          continue;
        }
        seen.add(key);
        const placement = 'placement' in v ? v.placement : null;
        objects.push({ kind: doc.kind, namespace: v.namespace, name: v.name, action: existing.has(key) ? 'update' : 'create', document: doc.document, placement, doc });
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== 'BAD_USER_INPUT') throw err;
        const path = err.field ? documentPath(doc, err.field) : null;
        problems.push(problem(doc, path, err.message));
      }
    }
    // An object a FleetSync made is edited in git: refused here before anything is written, not halfway.
    for (const o of objects) {
      const id = existing.get(`${o.kind}/${o.namespace}/${o.name}`);
      if (!id) continue;
      try {
        await this.managed.refuseHandEdit(o.doc.kind, id, 'edit');
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== 'MANAGED_BY_GIT') throw err;
        problems.push(problem(o.doc, 'metadata.name', err.message));
      }
    }
    problems.sort((a, b) => a.document - b.document || a.line - b.line);
    const result = (applied: boolean): FluxYamlImportResultObject => ({ objects: objects.map(({ doc: _doc, ...o }) => o), problems, applied });
    if (problems.length > 0 || dryRun) return result(false);
    // Sources first, so a Kustomization's first assignment finds its GitRepository.
    for (const o of [...objects].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'GitRepository' ? -1 : 1))) {
      const id = existing.get(`${o.kind}/${o.namespace}/${o.name}`);
      if (o.doc.kind === 'GitRepository') await (id ? this.git.update(actor, origin, id, o.doc.input) : this.git.create(actor, origin, o.doc.input));
      else await (id ? this.kustomizations.update(actor, origin, id, o.doc.input) : this.kustomizations.create(actor, origin, o.doc.input));
    }
    return result(true);
  }
}
