import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { findDolint } from "./find";

const posix = (files: string[]) => (f: string) => files.includes(f);

test("the setting wins, relative to the first folder", () => {
  const got = findDolint({
    configured: "bin/dolint",
    folders: ["/w/a", "/w/b"],
    pathEnv: "/usr/bin",
    platform: "linux",
    executable: posix([path.join("/w/a", "bin/dolint"), "/w/a/node_modules/.bin/dolint", "/usr/bin/dolint"]),
  });
  assert.equal(got.path, path.join("/w/a", "bin/dolint"));
});

test("a setting that names no file is an error, not a fall back", () => {
  const got = findDolint({
    configured: "/nowhere/dolint",
    folders: ["/w/a"],
    pathEnv: "/usr/bin",
    platform: "linux",
    executable: posix(["/usr/bin/dolint"]),
  });
  assert.equal(got.path, undefined);
  assert.match(got.error ?? "", /dolint\.path/);
});

test("node_modules/.bin of a folder comes before PATH", () => {
  const got = findDolint({
    configured: "",
    folders: ["/w/a", "/w/b"],
    pathEnv: "/usr/bin",
    platform: "linux",
    executable: posix([path.join("/w/b", "node_modules", ".bin", "dolint"), "/usr/bin/dolint"]),
  });
  assert.equal(got.path, path.join("/w/b", "node_modules", ".bin", "dolint"));
});

test("PATH last, and nothing found says how to install", () => {
  const onPath = findDolint({
    configured: "",
    folders: ["/w/a"],
    pathEnv: "/opt/x::/usr/local/bin",
    platform: "linux",
    executable: posix([path.join("/usr/local/bin", "dolint")]),
  });
  assert.equal(onPath.path, path.join("/usr/local/bin", "dolint"));
  const none = findDolint({ configured: "", folders: [], pathEnv: "/usr/bin", platform: "linux", executable: () => false });
  assert.equal(none.path, undefined);
  assert.match(none.error ?? "", /npm i -D dolint/);
});
