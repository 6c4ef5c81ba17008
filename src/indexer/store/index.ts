export { LoreStore, DEFAULT_SHARDS, type OpenResult, type StoreOptions } from './loreStore';
export { acquireWriteLock, type ReleaseLock, type WriteLockOptions } from './writeLock';
export type { StorageFaults } from './atomicStorage';
export {
  STORE_SCHEMA, type StoreIdentity, type FileRecord, type FileUpdate, type StoreChanges, type StoreStats, type ChunkFilter,
} from './types';
