// Finding the dolint binary is kept apart from the vscode API so that it
// can be tested with plain node.
import * as fs from "node:fs";
import * as path from "node:path";

export interface FindOptions {
  // The dolint.path setting, "" when unset.
  configured: string;
  // The workspace folders, in order.
  folders: string[];
  // PATH, as the extension host sees it.
  pathEnv: string;
  platform: NodeJS.Platform;
  // Whether a file can be run; defaults to checking the file system.
  executable?: (file: string) => boolean;
}

function defaultExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    if (process.platform !== "win32") {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

// findDolint returns the binary to start: the setting (a relative path is
// taken from the first folder, and ${workspaceFolder} expands to it), then
// the dolint that `npm i -D dolint` put in a folder's node_modules/.bin,
// then the first on PATH. A set but missing dolint.path is an error rather
// than a silent fall back, so that a typo in the setting shows.
export function findDolint(opts: FindOptions): { path?: string; error?: string } {
  const executable = opts.executable ?? defaultExecutable;
  const win = opts.platform === "win32";
  const names = win ? ["dolint.exe", "dolint.cmd", "dolint"] : ["dolint"];
  const first = opts.folders[0];
  if (opts.configured.trim() !== "") {
    let p = opts.configured.trim();
    if (first !== undefined) {
      p = p.split("${workspaceFolder}").join(first);
    }
    if (!path.isAbsolute(p) && first !== undefined) {
      p = path.join(first, p);
    }
    if (executable(p)) {
      return { path: p };
    }
    return { error: `dolint.path is set to ${opts.configured}, but ${p} is not an executable file` };
  }
  for (const folder of opts.folders) {
    for (const name of names) {
      const p = path.join(folder, "node_modules", ".bin", name);
      if (executable(p)) {
        return { path: p };
      }
    }
  }
  const sep = win ? ";" : ":";
  for (const dir of opts.pathEnv.split(sep)) {
    if (dir === "") {
      continue;
    }
    for (const name of names) {
      const p = path.join(dir, name);
      if (executable(p)) {
        return { path: p };
      }
    }
  }
  return {
    error:
      "dolint was not found: install it with `npm i -D dolint` or `go install github.com/dolint-dev/dolint/cmd/dolint@latest`, or set dolint.path",
  };
}
