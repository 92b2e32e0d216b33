import { copyFile, mkdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';

/**
 * Moves a file into `folder` under its own name (`sales-0001~2.csv` when that
 * name is taken), across filesystems too. Returns the new path.
 */
export async function moveInto(path: string, folder: string): Promise<string> {
  await mkdir(folder, { recursive: true });
  const target = await freeName(folder, basename(path));
  try {
    await rename(path, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await copyFile(path, target);
    await unlink(path);
  }
  return target;
}

async function freeName(folder: string, name: string): Promise<string> {
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; ; n++) {
    const candidate = join(folder, n === 1 ? name : `${stem}~${n}${ext}`);
    if (!(await exists(candidate))) return candidate;
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );
}
