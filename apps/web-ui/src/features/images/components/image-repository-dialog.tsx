import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { CheckboxField } from '../../../components/checkbox-field';
import { Dialog } from '../../../components/dialog';
import { TextField } from '../../../components/text-field';
import { isApiError } from '../../../lib/api-error';
import { splitList } from '../../notifications/components/split-list';
import type { ImageRepository } from '../api/list-image-repositories';
import { useSaveImageRepository, useSetImageRepositoryCredentials } from '../api/save-image-repository';
import { ReadOnlyWhenManaged } from '../../fleet-sync/components/read-only-when-managed';
import { ManagedByGitNotice } from '../../fleet-sync/components/managed-by-git-notice';
import { PROPOSE_LABEL, type ProposeInGit } from '../../../lib/forms/propose-in-git';
import { useProposeImageRepositoryEdit } from '../api/propose-image-edit';

/**
 * Create (repository null) or edit an ImageRepository; the hub's BAD_USER_INPUT lands on its field. One git
 * manages shows its spec read-only; only its registry credentials, which the hub holds, are saved. With
 * `proposeInGit` it is the other way round: the spec is editable and proposed in git, the credentials not shown.
 */
export function ImageRepositoryDialog({
  repository,
  onClose,
  proposeInGit,
}: {
  repository: ImageRepository | null;
  onClose: () => void;
  proposeInGit?: ProposeInGit;
}) {
  const saveAll = useSaveImageRepository();
  const saveSecrets = useSetImageRepositoryCredentials();
  const propose = useProposeImageRepositoryEdit();
  const managed = repository?.managedBy ?? null;
  const proposing = managed !== null && proposeInGit !== undefined;
  const save = proposing ? propose : managed ? saveSecrets : saveAll;
  const [form, setForm] = useState({
    name: repository?.name ?? '',
    image: repository?.image ?? '',
    interval: repository?.interval ?? '1m',
    exclusionList: repository?.exclusionList.join(', ') ?? '',
    insecure: repository?.insecure ?? false,
    suspend: repository?.suspend ?? false,
    username: '',
    password: '',
    clearCredentials: false,
  });
  const set =
    (k: 'name' | 'image' | 'interval' | 'exclusionList' | 'username' | 'password') =>
    (e: { target: { value: string } }) =>
      setForm({ ...form, [k]: e.target.value });
  const err = isApiError(save.error, 'BAD_USER_INPUT') ? save.error : null;
  const fieldError = (field: string) =>
    err?.field === field || err?.field?.startsWith(`${field}[`) ? err.message : null;
  const placed = ['name', 'image', 'interval', 'exclusionList', 'credentials'].some((f) => fieldError(f));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const credentials = form.username || form.password ? { credentials: { username: form.username, password: form.password } } : form.clearCredentials ? { clearCredentials: true } : {};
    if (proposing && repository) {
      const exclusions = splitList(form.exclusionList);
      const input = { namespace: repository.namespace, name: form.name, image: form.image, interval: form.interval || null, exclusionList: exclusions.length ? exclusions : null, insecure: form.insecure, suspend: form.suspend };
      propose.mutate({ id: repository.id, input }, { onSuccess: (r) => proposeInGit?.onProposed(r.id) });
      return;
    }
    if (managed && repository) {
      saveSecrets.mutate({ id: repository.id, input: credentials }, { onSuccess: onClose });
      return;
    }
    const exclusions = splitList(form.exclusionList);
    saveAll.mutate(
      {
        id: repository?.id ?? null,
        input: {
          ...(repository ? { namespace: repository.namespace } : {}),
          name: form.name,
          image: form.image,
          interval: form.interval || null,
          exclusionList: exclusions.length ? exclusions : null,
          insecure: form.insecure,
          suspend: form.suspend,
          ...credentials,
        },
      },
      { onSuccess: onClose },
    );
  };
  return (
    <Dialog
      open
      onClose={onClose}
      locked={save.isPending}
      title={proposing && repository ? `Propose a change to image repository ${repository.name}` : managed && repository ? `Credentials of image repository ${repository.name}` : repository ? `Edit image repository ${repository.name}` : 'Add image repository'}
      footer={
        <Button variant="primary" type="submit" form="image-repository-form" busy={save.isPending}>
          {proposing ? PROPOSE_LABEL : managed ? 'Save credentials' : repository ? 'Save' : 'Add image repository'}
        </Button>
      }
    >
      <form id="image-repository-form" onSubmit={submit} noValidate>
        {proposing && managed && <ManagedByGitNotice managedBy={managed} kind="ImageRepository" proposing />}
        <ReadOnlyWhenManaged managedBy={proposing ? null : managed} kind="ImageRepository">
        <TextField
          label="Name"
          value={form.name}
          onChange={set('name')}
          required
          disabled={repository !== null}
          error={fieldError('name')}
        />
        <TextField
          label="Image"
          hint="Without scheme or tag, e.g. ghcr.io/org/app."
          value={form.image}
          onChange={set('image')}
          required
          mono
          error={fieldError('image')}
        />
        <TextField
          label="Scan interval"
          value={form.interval}
          onChange={set('interval')}
          mono
          error={fieldError('interval')}
        />
        <TextField
          label="Exclusion list"
          hint="Regular expressions of tags to drop, comma separated; empty keeps Flux's default ^.*\.sig$."
          value={form.exclusionList}
          onChange={set('exclusionList')}
          mono
          error={fieldError('exclusionList')}
        />
        <CheckboxField
          label="Plain HTTP (insecure)"
          checked={form.insecure}
          onChange={(insecure) => setForm({ ...form, insecure })}
        />
        <CheckboxField
          label="Suspend scans"
          checked={form.suspend}
          onChange={(suspend) => setForm({ ...form, suspend })}
        />
        </ReadOnlyWhenManaged>
        {/* The registry credentials are the hub's: never proposed, saved in the Credentials dialog. */}
        {!proposing && (
        <>
        <TextField
          label="Registry username"
          hint={
            repository?.credentialsKind ? 'Credentials are stored; fill both to replace them.' : 'Optional.'
          }
          value={form.username}
          onChange={set('username')}
          autoComplete="off"
          error={fieldError('credentials')}
        />
        <TextField
          label="Registry password"
          type="password"
          value={form.password}
          onChange={set('password')}
          autoComplete="new-password"
        />
        {repository?.credentialsKind && !form.username && !form.password && (
          <CheckboxField
            label="Remove the stored credentials"
            checked={form.clearCredentials}
            onChange={(clearCredentials) => setForm({ ...form, clearCredentials })}
          />
        )}
        </>
        )}
        {save.isError && !placed && (
          <ErrorAlert error={save.error} title={proposing ? 'Could not propose the change' : 'Could not save the image repository'} />
        )}
      </form>
    </Dialog>
  );
}
