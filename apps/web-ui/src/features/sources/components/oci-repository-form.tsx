import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { CaCertificateField, ClientCertificateFields } from '../../../components/registry-credential-fields';
import { CheckboxField } from '../../../components/checkbox-field';
import { Card } from '../../../components/layout';
import { SelectField } from '../../../components/select-field';
import { TextField } from '../../../components/text-field';
import { isApiError } from '../../../lib/api-error';
import { placeServerError, plainMessage } from '../../../lib/forms/place-server-error';
import { labelRules, validateRows } from '../../../lib/kubernetes/label-validation';
import type { OciRepositoryDetail } from '../api/oci-repository-types';
import { useSaveOciRepository } from '../api/save-oci-repository';
import { useProposeOciRepositoryEdit } from '../api/propose-oci-repository-edit';
import { PROPOSE_LABEL, type ProposeInGit } from '../../../lib/forms/propose-in-git';
import { CosignKeysFields } from './cosign-keys-fields';
import { OciCredentialsFields } from './oci-credentials-fields';
import { SourceIdentityFields } from './source-identity-fields';
import { SourceLabelsCard } from './source-labels-card';
import { SourceIgnoreCard, SourceScheduleCard } from './source-schedule-fields';
import {
  OCI_PROVIDERS,
  OCI_REF_KINDS,
  cosignKeyFromServer,
  emptyOciRepositoryForm,
  formFromOciRepository,
  ociFieldFromServer,
  toOciRepositoryInput,
  validateCosignKeys,
  validateOciRepositoryForm,
  type LayerOperation,
  type OciProvider,
  type OciRefKind,
  type OciRepositoryFormState,
} from './oci-repository-form-model';
import styles from '../../../components/form.module.css';

/**
 * Create (no `existing`) or edit a hub OCIRepository. Credentials are write-only: never shown, never prefilled.
 * With `proposeInGit` (one managed by git) the edit is proposed in git instead of saved; the credentials, TLS
 * material and cosign keys are the hub's (their own form), so they are not part of this form then: only
 * `spec.verify` itself (provider cosign) is, turned on or off in git (turning it on needs keys stored at the
 * hub first).
 */
export function OciRepositoryForm({
  existing,
  onSaved,
  onCancel,
  proposeInGit,
}: {
  existing?: OciRepositoryDetail;
  onSaved: (id: string) => void;
  onCancel: () => void;
  proposeInGit?: ProposeInGit;
}) {
  const [state, setState] = useState<OciRepositoryFormState>(() =>
    existing ? formFromOciRepository(existing) : emptyOciRepositoryForm(),
  );
  const [submitted, setSubmitted] = useState(false);
  const saveHere = useSaveOciRepository();
  const propose = useProposeOciRepositoryEdit();
  const save = existing && proposeInGit ? propose : saveHere;
  const errors = validateOciRepositoryForm(state);
  const keyErrors = validateCosignKeys(state);
  const labels = validateRows(state.labels, labelRules);
  const serverError = save.error;
  // Creating under a name in use: said on the name field while it still holds that name.
  const takenName = saveHere.variables?.id === null ? saveHere.variables.input.name : undefined;
  const placed = placeServerError(
    serverError,
    ociFieldFromServer,
    !existing && takenName !== undefined && state.name.trim() === takenName
      ? {
          field: 'name',
          message: `Another source is already called "${takenName}". Choose another name, or edit that one.`,
        }
      : null,
  );
  const serverKey = isApiError(serverError, 'BAD_USER_INPUT') ? cosignKeyFromServer(serverError.field) : null;
  const fieldError = (f: keyof typeof errors) =>
    (submitted ? errors[f] : undefined) ?? (placed?.field === f ? placed.message : null);
  const shownKeyErrors = (submitted ? keyErrors : []).map((e, i) =>
    serverKey?.index === i && isApiError(serverError)
      ? { ...e, [serverKey.part]: plainMessage(serverError.message) }
      : e,
  );
  if (serverKey && isApiError(serverError) && shownKeyErrors[serverKey.index] === undefined)
    shownKeyErrors[serverKey.index] = { [serverKey.part]: plainMessage(serverError.message) };
  const patch = (p: Partial<OciRepositoryFormState>) => setState((s) => ({ ...s, ...p }));
  const refKind = OCI_REF_KINDS.find((r) => r.kind === state.refKind) ?? OCI_REF_KINDS[0]!;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (Object.keys(errors).length > 0 || keyErrors.some((k) => k.name || k.pem) || !labels.valid) return;
    if (existing && proposeInGit) {
      const {
        credentials: _c,
        clearCredentials: _cc,
        tls: _t,
        clearTls: _ct,
        verifyPublicKeys: _k,
        ...input
      } = toOciRepositoryInput(state);
      propose.mutate({ id: existing.id, input }, { onSuccess: (r) => proposeInGit.onProposed(r.id) });
      return;
    }
    saveHere.mutate(
      { id: existing?.id ?? null, input: toOciRepositoryInput(state) },
      {
        onSuccess: (r) => {
          // Drop typed secrets from memory as soon as the hub has them.
          patch({ password: '', dockerConfigJson: '' });
          onSaved(r.id);
        },
      },
    );
  };

  return (
    <form className={styles.form} onSubmit={submit} noValidate aria-label="OCI repository">
      <Card title="Repository">
        <SourceIdentityFields
          name={state.name}
          url={state.url}
          onChange={patch}
          errors={{ name: fieldError('name'), url: fieldError('url') }}
          editing={Boolean(existing)}
          urlPlaceholder="oci://ghcr.io/org/manifests"
          urlHint="oci://<registry>/<repository>, without a tag or digest."
        />
        <div className={styles.grid}>
          <SelectField
            label="Reference type"
            value={state.refKind}
            onChange={(e) => patch({ refKind: e.target.value as OciRefKind, refValue: '', semverFilter: '' })}
            hint="Flux reads one: a digest over a SemVer range over a tag."
          >
            {OCI_REF_KINDS.map((r) => (
              <option key={r.kind} value={r.kind}>
                {r.label}
              </option>
            ))}
          </SelectField>
          <TextField
            label={refKind.label}
            value={state.refValue}
            onChange={(e) => patch({ refValue: e.target.value })}
            error={fieldError('refValue')}
            placeholder={refKind.placeholder}
            hint={refKind.hint}
            mono
            autoComplete="off"
            spellCheck={false}
          />
        </div>
        {state.refKind === 'semver' && (
          <TextField
            label="SemVer filter"
            value={state.semverFilter}
            onChange={(e) => patch({ semverFilter: e.target.value })}
            error={fieldError('semverFilter')}
            placeholder=".*-rc.*"
            hint="Optional: a regular expression the tags in the range must also match (Flux's ref.semverFilter)."
            mono
            autoComplete="off"
            spellCheck={false}
          />
        )}
        <div className={styles.grid}>
          <SelectField
            label="Provider"
            value={state.provider}
            onChange={(e) => patch({ provider: e.target.value as OciProvider })}
            error={fieldError('provider')}
            hint="generic uses the credentials below; the hub has no cloud identity for aws, azure or gcp."
          >
            {OCI_PROVIDERS.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </SelectField>
          <div>
            <CheckboxField
              label="Insecure (plain HTTP)"
              hint="Talk HTTP, not HTTPS, to the registry."
              checked={state.insecure}
              onChange={(insecure) => patch({ insecure })}
            />
          </div>
        </div>
      </Card>
      <Card title="Layer">
        <div className={styles.grid}>
          <TextField
            label="Media type"
            value={state.layerMediaType}
            onChange={(e) => patch({ layerMediaType: e.target.value })}
            error={fieldError('layerMediaType')}
            placeholder="application/vnd.cncf.helm.chart.content.v1.tar+gzip"
            hint="The layer to take; empty takes the first."
            mono
            autoComplete="off"
            spellCheck={false}
          />
          <SelectField
            label="Operation"
            value={state.layerOperation}
            onChange={(e) => patch({ layerOperation: e.target.value as LayerOperation })}
            error={fieldError('layerOperation')}
            hint="copy stores the layer's tarball as it is (e.g. a Helm chart)."
          >
            <option value="">Default (extract)</option>
            <option value="extract">extract</option>
            <option value="copy">copy</option>
          </SelectField>
        </div>
      </Card>
      <SourceScheduleCard
        interval={state.interval}
        timeout={state.timeout}
        suspend={state.suspend}
        onChange={patch}
        errors={{ interval: fieldError('interval'), timeout: fieldError('timeout') }}
        verb={{ does: 'looks at the registry', noun: 'pull', passive: 'pulled' }}
        intervalExamples="5m, 1h"
      />
      <SourceIgnoreCard
        value={state.ignore}
        onChange={(ignore) => patch({ ignore })}
        error={fieldError('ignore')}
        hint="Files left out of the artifact, in .gitignore format (not applied with the copy operation)."
      />
      {!proposeInGit && (
        <>
          <OciCredentialsFields
            storedKind={existing?.credentialsKind ?? null}
            state={state}
            onChange={patch}
            errors={{
              credentials: fieldError('credentials'),
              username: fieldError('username'),
              password: fieldError('password'),
              dockerConfigJson: fieldError('dockerConfigJson'),
            }}
          />
          <Card title="TLS">
            <CaCertificateField
              value={state.caCertificate}
              onChange={(caCertificate) => patch({ caCertificate })}
              clear={state.clearTls}
              onClearChange={(clearTls) => patch({ clearTls })}
              storedCa={existing?.hasCaCertificate ?? false}
              storedClient={existing?.hasClientCertificate ?? false}
              error={fieldError('caCertificate')}
            />
            <ClientCertificateFields
              certificate={state.clientCertificate}
              keyPem={state.clientKey}
              onChange={patch}
              stored={existing?.hasClientCertificate ?? false}
              errors={{
                clientCertificate: fieldError('clientCertificate'),
                clientKey: fieldError('clientKey'),
              }}
            />
          </Card>
          <CosignKeysFields
            verify={state.verify}
            keys={state.keys}
            onChange={patch}
            error={fieldError('verify')}
            keyErrors={shownKeyErrors}
          />
        </>
      )}
      {proposeInGit && (
        <Card title="Verification">
          <CheckboxField
            label="Verify signatures with cosign"
            hint="Sets spec.verify (provider cosign) in git. The public keys are the hub’s and never go to git: give them under Verification at the hub first."
            checked={state.verify}
            onChange={(verify) => patch({ verify })}
          />
          {fieldError('verify') && (
            <p className={styles.error} role="alert">
              {fieldError('verify')}
            </p>
          )}
        </Card>
      )}
      <SourceLabelsCard
        rows={state.labels}
        rowErrors={submitted ? labels.errors : null}
        serverError={serverError}
        onChange={(rows) => patch({ labels: rows })}
      />
      {/* A CONFLICT when creating is the name in use: on the name field, or gone once the name changed. */}
      {serverError && !placed && !serverKey && !(isApiError(serverError, 'CONFLICT') && !existing) && (
        <ErrorAlert
          error={serverError}
          title={
            proposeInGit
              ? 'Could not propose the change'
              : existing
                ? 'Could not save the OCI repository'
                : 'Could not create the OCI repository'
          }
        />
      )}
      <div className={styles.footer}>
        <Button onClick={onCancel} disabled={save.isPending}>
          Cancel
        </Button>
        <Button variant="primary" type="submit" busy={save.isPending}>
          {proposeInGit ? PROPOSE_LABEL : existing ? 'Save changes' : 'Create OCI repository'}
        </Button>
      </div>
    </form>
  );
}
