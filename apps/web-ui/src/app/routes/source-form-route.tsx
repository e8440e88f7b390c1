import { useParams } from 'react-router';
import { useGitRepository } from '../../features/sources/api/get-git-repository';
import { GitCredentialsForm } from '../../features/sources/components/git-credentials-form';
import { GitRepositoryForm } from '../../features/sources/components/git-repository-form';
import { ObjectFormPage } from './object-form-page';

/** /sources/new and /sources/:sourceId/edit. */
export function SourceFormRoute() {
  const { sourceId } = useParams();
  const existing = useGitRepository(sourceId ?? '', { enabled: sourceId !== undefined });
  return (
    <ObjectFormPage
      kind="GitRepository"
      noun="source"
      listHref="/sources"
      listLabel="Sources"
      objectHref={(id) => `/sources/${id}`}
      editingId={sourceId}
      existing={existing}
      addTitle="Add Git repository"
      subtitle="A GitRepository with Flux's fields; the hub fetches it once for the whole fleet."
      createdToast="Source created; the hub fetches it now."
      renderForm={(s, callbacks, proposeInGit) => <GitRepositoryForm key={s?.id ?? 'new'} existing={s} {...callbacks} proposeInGit={proposeInGit} />}
      // Git holds the spec, the hub the credentials: they stay editable here.
      alsoWhenManaged={(s) => <GitCredentialsForm key={s.id} existing={s} />}
    />
  );
}
