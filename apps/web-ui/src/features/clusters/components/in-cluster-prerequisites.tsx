import { Alert } from '../../../components/alert';

// 127.0.0.0/8, ::1 and localhost name the pod itself once inside a cluster; 0.0.0.0 and :: name no host
// at all. A hub URL like these works for the local agent command but never for in-cluster manifests.
export function isUnreachableFromPods(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127(?:\.\d{1,3}){3}$/.test(host) ||
    host === '0.0.0.0' ||
    host === '[::1]' ||
    host === '[::]'
  );
}

function portOf(url: string): string {
  const u = new URL(url);
  return u.port || (u.protocol === 'https:' ? '443' : '80');
}

/** What the in-cluster manifests need from outside the dialog: a hub URL pods can reach, and the image. */
export function InClusterPrerequisites({ hubUrl, agentImage }: { hubUrl: string; agentImage: string }) {
  return (
    <>
      {isUnreachableFromPods(hubUrl) && (
        <Alert tone="warning" title={`Pods cannot reach the hub at ${hubUrl}`}>
          These manifests tell the agent to connect to a loopback address, which inside the cluster is the
          agent&apos;s own pod. Restart the hub with an address the cluster can reach, for example{' '}
          <code>
            FLOTILLA_HOST=0.0.0.0 FLOTILLA_PUBLIC_URL=http://&lt;this machine&apos;s IP&gt;:{portOf(hubUrl)}{' '}
            pnpm start
          </code>
          , then create a new token.
        </Alert>
      )}
      <Alert tone="info" title={`The agent image ${agentImage} is built from the repository`}>
        Build it with <code>docker build -f deploy/Dockerfile.agent -t {agentImage} .</code> in the repository
        and make it available to the cluster: push it to a registry the nodes pull from (then set{' '}
        <code>FLOTILLA_AGENT_IMAGE</code> to that reference), or load it into the nodes, e.g.{' '}
        <code>kind load docker-image {agentImage}</code>.
      </Alert>
    </>
  );
}
