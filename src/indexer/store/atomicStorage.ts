import { promises as fs } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { FileDetails, FileStorage, ListFilesFilter } from 'vectra';
import { atomicWriteFile, removeTemp, syncDir, syncFile, writeTemp, type StorageFaults } from '../../util/atomicFile';

/**
 * vectra FileStorage whose writes are atomic. In staging mode writes go to fsynced temp files and
 * only `commitStaged()` renames them into place, so a store transaction that fails while writing
 * (disk full, read-only folder) leaves every shard file untouched.
 */
export class AtomicFileStorage implements FileStorage {
  private staged: Map<string, string> | undefined;
  /** The original error of the last failed write: vectra wraps it in a message-only Error. */
  lastError: unknown;
  /** Bytes of every file this staging wrote or tried to write (for a disk-full message). */
  stagedBytes = 0;

  constructor(private readonly faults?: StorageFaults) {}

  beginStaging(): void {
    if (this.staged) throw new Error('staging already in progress');
    this.staged = new Map();
    this.stagedBytes = 0;
  }

  /**
   * fsync every staged file (all at once), then rename them into place (in staging order), then
   * fsync the directories. Staged files are written without waiting for the disk, so encoding the
   * next shard overlaps the previous one's writeback; nothing is renamed before all are durable.
   */
  async commitStaged(): Promise<void> {
    const staged = this.staged;
    if (!staged) throw new Error('no staging in progress');
    await Promise.all([...staged.values()].map(syncFile));
    const dirs = new Set<string>();
    for (const [target, tmp] of staged) {
      await this.faults?.beforeRename?.(target);
      await fs.rename(tmp, target);
      staged.delete(target);
      dirs.add(dirname(target));
    }
    this.staged = undefined;
    for (const d of dirs) await syncDir(d);
  }

  /** The temp file holding the staged write of `filePath` (renamed over it on commit), if any. */
  stagedFile(filePath: string): string | undefined {
    return this.staged?.get(resolve(filePath));
  }

  async abortStaged(): Promise<void> {
    const staged = this.staged;
    this.staged = undefined;
    if (staged) await Promise.all([...staged.values()].map(removeTemp));
  }

  async upsertFile(filePath: string, content: Buffer | string): Promise<void> {
    const path = resolve(filePath);
    this.stagedBytes += typeof content === 'string' ? Buffer.byteLength(content) : content.length;
    try {
      if (!this.staged) return await atomicWriteFile(path, content, this.faults);
      const tmp = await writeTemp(path, content, this.faults, false); // fsynced by commitStaged
      const previous = this.staged.get(path);
      this.staged.set(path, tmp);
      if (previous) await removeTemp(previous);
    } catch (err) {
      this.lastError = err;
      throw err;
    }
  }

  async createFile(filePath: string, content: Buffer | string): Promise<void> {
    if (await this.pathExists(filePath)) throw new Error(`file already exists: ${filePath}`);
    await this.upsertFile(filePath, content);
  }

  async createFolder(folderPath: string): Promise<void> {
    await fs.mkdir(resolve(folderPath), { recursive: true });
  }

  async deleteFile(filePath: string): Promise<void> {
    await fs.rm(resolve(filePath), { force: true });
  }

  async deleteFolder(folderPath: string): Promise<void> {
    await fs.rm(resolve(folderPath), { recursive: true, force: true });
  }

  async getDetails(fileOrFolderPath: string): Promise<FileDetails> {
    const st = await fs.stat(resolve(fileOrFolderPath));
    return { name: basename(fileOrFolderPath), path: fileOrFolderPath, isFolder: st.isDirectory() };
  }

  async listFiles(folderPath: string, filter: ListFilesFilter = 'all'): Promise<FileDetails[]> {
    const folder = resolve(folderPath);
    const entries = await fs.readdir(folder, { withFileTypes: true });
    return entries
      .filter((e) => filter === 'all' || (filter === 'folders') === e.isDirectory())
      .map((e) => ({ name: e.name, path: join(folder, e.name), isFolder: e.isDirectory() }));
  }

  async pathExists(fileOrFolderPath: string): Promise<boolean> {
    if (this.staged?.has(resolve(fileOrFolderPath))) return true;
    try {
      await fs.access(resolve(fileOrFolderPath));
      return true;
    } catch {
      return false;
    }
  }

  /** Reads see a staged write, as vectra expects after its own endUpdate. */
  async readFile(filePath: string): Promise<Buffer> {
    const path = resolve(filePath);
    return fs.readFile(this.staged?.get(path) ?? path);
  }
}
