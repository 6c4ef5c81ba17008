export { LoreStore, DEFAULT_SHARDS, type OpenResult, type StoreOptions } from './loreStore';
export { acquireWriteLock, type ReleaseLock, type WriteLockOptions } from './writeLock';
export type { StorageFaults } from '../../util/atomicFile';
export {
  STORE_SCHEMA, type StoreIdentity, type FileRecord, type FileUpdate, type StoreChanges, type StoreStats, type ChunkFilter,
} from './types';
export { describeDamage, type ShardDamage } from './storeState';
export { IndexLayoutError } from './layout';
export { forgetVerifiedShards } from './verifiedShards';
export { isNoSpace, noSpaceError } from './noSpace';
