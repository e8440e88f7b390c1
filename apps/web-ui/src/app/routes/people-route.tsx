import { useState } from 'react';
import { ErrorAlert } from '../../components/alert';
import { Button } from '../../components/button';
import { Card, Page, PageHeader, SkeletonRows } from '../../components/layout';
import { useCan } from '../../lib/auth/use-can';
import { useViewer } from '../../lib/auth/viewer';
import { useDocumentTitle } from '../../lib/use-document-title';
import { useUsers } from '../../features/people/api/list-users';
import { CreateUserDialog } from '../../features/people/components/create-user-dialog';
import { TeamsSection } from '../../features/people/components/teams-section';
import { UsersTable } from '../../features/people/components/users-table';
import { NotFoundRoute } from './not-found-route';

export function PeopleRoute() {
  return useCan('people:manage') ? <PeoplePage /> : <NotFoundRoute />;
}

function PeoplePage() {
  useDocumentTitle('People');
  const viewer = useViewer();
  const users = useUsers();
  const [adding, setAdding] = useState(false);
  const total = users.data?.length;
  return (
    <Page label="People">
      <PageHeader
        title="People"
        subtitle={
          total
            ? `${total} ${total === 1 ? 'user' : 'users'}; viewers read, operators change the fleet, admins also delete and manage people; teams grant roles on some clusters`
            : undefined
        }
        actions={
          <Button variant="primary" onClick={() => setAdding(true)}>
            Add user
          </Button>
        }
      />
      <Card bodyless>
        {users.isPending ? (
          <SkeletonRows />
        ) : users.isError ? (
          <div style={{ padding: 16 }}>
            <ErrorAlert error={users.error} title="Could not load users" />
          </div>
        ) : (
          <UsersTable users={users.data} viewerId={viewer.data?.id ?? ''} />
        )}
      </Card>
      {users.data && <TeamsSection users={users.data} />}
      <CreateUserDialog open={adding} onClose={() => setAdding(false)} />
    </Page>
  );
}
