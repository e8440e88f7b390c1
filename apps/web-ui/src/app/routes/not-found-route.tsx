import { Link } from 'react-router';
import { Card, EmptyState, Page } from '../../components/layout';

export function NotFoundRoute() {
  return (
    <Page label="Not found">
      <Card bodyless>
        <EmptyState icon="?" title="Page not found" action={<Link to="/">Go to the fleet</Link>}>
          The address does not match any page.
        </EmptyState>
      </Card>
    </Page>
  );
}
