import { toConditionObjects } from '../sources/source-status.mapper.js';
import type { ImageRepositoryObject } from './dto/image-repository.object.js';
import type { ImageRepositoryRow } from './image-repositories.repository.js';
import type { StoredImageRepositoryStatus } from './image-scan.js';

export function storedScanStatus(row: Pick<ImageRepositoryRow, 'status'>): StoredImageRepositoryStatus {
  const s = row.status;
  return typeof s === 'object' && s !== null && !Array.isArray(s) ? (s as StoredImageRepositoryStatus) : {};
}

export function toImageRepositoryObject(row: ImageRepositoryRow): ImageRepositoryObject {
  const status = storedScanStatus(row);
  const conditions = toConditionObjects(status.conditions);
  const ready = conditions.find((c) => c.type === 'Ready');
  const scan = status.lastScanResult;
  return {
    id: row.id,
    namespace: row.namespace,
    name: row.name,
    image: row.image,
    interval: row.interval,
    timeout: row.timeout ?? row.interval,
    exclusionList: row.exclusionList,
    insecure: row.insecure,
    suspend: row.suspend,
    credentialsKind: row.credentialsKind,
    canonicalImageName: status.canonicalImageName ?? null,
    lastScanResult: scan ? { revision: scan.revision, tagCount: scan.tagCount, scanTime: new Date(scan.scanTime), latestTags: scan.latestTags } : null,
    ready: ready?.status ?? 'Unknown',
    message: ready?.message ?? 'waiting for the first scan',
    conditions,
    generation: row.generation,
    observedGeneration: typeof status.observedGeneration === 'number' ? status.observedGeneration : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
