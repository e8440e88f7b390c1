import { Link } from 'react-router';
import { Fact, Facts } from '../../../components/facts';
import { Card } from '../../../components/layout';
import type { Proposal } from '../api/get-proposal';

/** The hub page of the edited object, where there is one per object. */
const OBJECT_PAGES: Record<string, (id: string) => string> = {
  Kustomization: (id) => `/kustomizations/${id}`,
  GitRepository: (id) => `/sources/${id}`,
  OCIRepository: (id) => `/sources/oci/${id}`,
  HelmRelease: () => '/helm',
  HelmRepository: () => '/helm',
  ImageRepository: () => '/images',
  ImagePolicy: () => '/images',
  ImageUpdateAutomation: () => '/images',
  Provider: () => '/notifications',
  Alert: () => '/notifications',
  Receiver: () => '/notifications',
};
const objectHref = (e: NonNullable<Proposal['fleetEdit']>): string | null => OBJECT_PAGES[e.kind]?.(e.objectId) ?? null;

/** A proposal that is a hand edit of an object managed by git: which object, file and FleetSync, and who proposed it. */
export function FleetEditCard({ edit }: { edit: NonNullable<Proposal['fleetEdit']> }) {
  const href = objectHref(edit);
  const object = `${edit.kind}/${edit.namespace}/${edit.name}`;
  return (
    <Card title={edit.action === 'delete' ? 'Delete proposed in git' : 'Edit proposed in git'}>
      <Facts>
        <Fact label="Object" mono wide>
          {href ? <Link to={href}>{object}</Link> : object}
        </Fact>
        <Fact label="File" mono wide>
          {edit.file}
        </Fact>
        <Fact label="FleetSync" mono>
          <Link to="/fleet-syncs">{edit.fleetSync}</Link>
        </Fact>
        <Fact label="Proposed by">{edit.proposedBy}</Fact>
      </Facts>
      <p>
        {edit.action === 'delete'
          ? 'Merging removes the object’s document from its file (the file, when it was its only one); the FleetSync then prunes the object.'
          : 'Merging brings this commit onto the base branch; the FleetSync then applies the new revision to the object.'}
      </p>
    </Card>
  );
}
