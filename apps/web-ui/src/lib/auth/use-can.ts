import { can, type Permission } from './authorization';
import { useViewer } from './viewer';

export function useCan(permission: Permission): boolean {
  const { data } = useViewer();
  return can(data?.role, permission);
}
