#!/usr/bin/env node
// Runs the dolint binary of this platform's package, which npm installed
// as one of the optional dependencies (only the one whose os and cpu match
// is installed).
"use strict";
const { spawnSync } = require("node:child_process");
const path = require("node:path");

const cpu = { x64: "x64", arm64: "arm64" }[process.arch];
const os = { linux: "linux", darwin: "darwin", win32: "win32" }[process.platform];
const pkg = `@dolint/${os}-${cpu}`;
const exe = process.platform === "win32" ? "dolint.exe" : "dolint";

let bin;
try {
  bin = require.resolve(`${pkg}/bin/${exe}`);
} catch {
  console.error(
    `dolint: no binary for ${process.platform}-${process.arch}: the package ${pkg} is not installed.\n` +
      "It is an optional dependency of dolint; reinstall without --no-optional (or --omit=optional)," +
      " or install it directly: npm i -D " + pkg,
  );
  process.exit(2);
}

const r = spawnSync(bin, process.argv.slice(2), { stdio: "inherit" });
if (r.error) {
  console.error(`dolint: cannot run ${path.relative(process.cwd(), bin)}: ${r.error.message}`);
  process.exit(2);
}
if (r.signal) {
  process.kill(process.pid, r.signal);
}
process.exit(r.status ?? 2);
