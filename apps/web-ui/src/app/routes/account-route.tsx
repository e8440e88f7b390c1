import { useState } from 'react';
import { Alert, ErrorAlert } from '../../components/alert';
import { Button } from '../../components/button';
import { Card, EmptyState, Page, PageHeader, SkeletonRows } from '../../components/layout';
import { ownRoleLabel } from '../../lib/auth/authorization';
import { useViewer, type Viewer } from '../../lib/auth/viewer';
import { useDocumentTitle } from '../../lib/use-document-title';
import { useApiTokens } from '../../features/people/api/list-api-tokens';
import { ApiTokensTable } from '../../features/people/components/api-tokens-table';
import { ChangePasswordForm } from '../../features/people/components/change-password-form';
import { CreateApiTokenDialog } from '../../features/people/components/create-api-token-dialog';

/** The signed-in user's own page: their password and API tokens. */
export function AccountRoute() {
  useDocumentTitle('Account');
  const viewer = useViewer();
  if (!viewer.data) return null;
  return viewer.data.passwordChangeRequired ? (
    <PasswordChangeRequired viewer={viewer.data} />
  ) : (
    <AccountPage viewer={viewer.data} />
  );
}

/** After signing in with a generated password, the only thing the hub allows: choosing one's own. */
function PasswordChangeRequired({ viewer }: { viewer: Viewer }) {
  return (
    <Page label="Account">
      <PageHeader title={viewer.username} subtitle={ownRoleLabel(viewer.role)} />
      <Alert tone="warning" title="Choose your own password">
        You signed in with a password the hub generated. Replace it to continue; until then nothing else
        opens.
      </Alert>
      <Card title="Password">
        <ChangePasswordForm />
      </Card>
    </Page>
  );
}

function AccountPage({ viewer }: { viewer: Viewer }) {
  const tokens = useApiTokens();
  const [creating, setCreating] = useState(false);
  const newToken = (
    <Button variant="primary" size="sm" onClick={() => setCreating(true)}>
      New API token
    </Button>
  );
  return (
    <Page label="Account">
      <PageHeader
        title={viewer.username}
        subtitle={`${ownRoleLabel(viewer.role)} · your password and API tokens`}
      />
      <Card title="API tokens" actions={newToken} bodyless>
        {tokens.isPending ? (
          <SkeletonRows rows={2} />
        ) : tokens.isError ? (
          <div style={{ padding: 16 }}>
            <ErrorAlert error={tokens.error} title="Could not load your tokens" />
          </div>
        ) : tokens.data.length > 0 ? (
          <ApiTokensTable tokens={tokens.data} />
        ) : (
          <EmptyState icon="⚿" title="No API tokens">
            Scripts and CI authenticate with API tokens sent as Authorization: Bearer.
          </EmptyState>
        )}
      </Card>
      <Card title="Password">
        <ChangePasswordForm />
      </Card>
      <CreateApiTokenDialog
        open={creating}
        onClose={() => setCreating(false)}
        viewerRole={viewer.highestRole ?? 'VIEWER'}
      />
    </Page>
  );
}
