import { viewerCan, type Permission } from './authorization';
import { useViewer } from './viewer';

export function useCan(permission: Permission): boolean {
  const { data } = useViewer();
  return viewerCan(data, permission);
}
