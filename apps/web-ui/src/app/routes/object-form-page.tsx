import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { ErrorAlert } from '../../components/alert';
import { Card, Page, PageHeader, SkeletonRows } from '../../components/layout';
import type { ManagedByGit } from '../../features/fleet-sync/api/managed-by-git';
import { ProposeWhenManaged } from '../../features/fleet-sync/components/propose-when-managed';
import type { ProposeInGit } from '../../lib/forms/propose-in-git';
import { showToast } from '../../lib/toast-store';
import { useDocumentTitle } from '../../lib/use-document-title';
import styles from './cluster-route.module.css';

interface Editable {
  id: string;
  name: string;
  managedBy?: ManagedByGit | null;
}

export interface FormCallbacks {
  onSaved: (id: string) => void;
  onCancel: () => void;
}

/**
 * The add and edit page of one hub object (`/things/new`, `/things/:id/edit`): back link, title, the object
 * loading or failing to load, and on edit the form in propose mode when a FleetSync keeps the object in git.
 */
export function ObjectFormPage<T extends Editable>({
  kind,
  noun,
  listHref,
  listLabel,
  objectHref,
  editingId,
  existing,
  addTitle,
  subtitle,
  createdToast,
  renderForm,
  alsoWhenManaged,
}: {
  /** The Flux kind, named in the managed-by-git notice. */
  kind: string;
  /** How the page names the object: "Kustomization", "source". */
  noun: string;
  listHref: string;
  listLabel: string;
  objectHref: (id: string) => string;
  /** The id being edited, or undefined on the add page. */
  editingId: string | undefined;
  existing: UseQueryResult<T>;
  addTitle: string;
  subtitle: string;
  createdToast: string;
  renderForm: (existing: T | undefined, callbacks: FormCallbacks, proposeInGit: ProposeInGit | undefined) => ReactNode;
  /** Shown below the form of an object kept in git: what the hub holds and git does not (credentials). */
  alsoWhenManaged?: (existing: T) => ReactNode;
}) {
  const navigate = useNavigate();
  const editing = editingId !== undefined;
  const name = existing.data?.name ?? noun;
  const title = editing ? `Edit ${name}` : addTitle;
  useDocumentTitle(title);
  const home = editing ? objectHref(editingId) : listHref;
  const callbacks: FormCallbacks = {
    onSaved: (id) => {
      showToast(editing ? `${noun.charAt(0).toUpperCase()}${noun.slice(1)} saved.` : createdToast);
      navigate(objectHref(id));
    },
    onCancel: () => navigate(home),
  };
  return (
    <Page label={editing ? `Edit ${noun}` : addTitle}>
      <Link to={home} className={styles.back}>
        ← {editing ? name : listLabel}
      </Link>
      <PageHeader title={title} subtitle={subtitle} />
      {!editing ? (
        renderForm(undefined, callbacks, undefined)
      ) : existing.isPending ? (
        <Card>
          <SkeletonRows />
        </Card>
      ) : existing.isError ? (
        <ErrorAlert error={existing.error} title={`Could not load the ${noun}`} />
      ) : (
        <>
          <ProposeWhenManaged managedBy={existing.data.managedBy} kind={kind}>
            {(proposeInGit) => renderForm(existing.data, callbacks, proposeInGit)}
          </ProposeWhenManaged>
          {existing.data.managedBy && alsoWhenManaged?.(existing.data)}
        </>
      )}
    </Page>
  );
}
