#!/usr/bin/env node
/**
 * Keeps `npm ci` working where the registry mirror lacks other platforms' builds.
 *
 * Packages such as chdb and rollup list one optional dependency per platform
 * (@chdb/lib-darwin-arm64, @rollup/rollup-win32-x64-msvc, …). When the registry answers
 * 404 for a platform package, `npm install` drops it from package-lock.json, yet
 * `npm ci` still expects an entry for it and refuses to install ("Missing: … from lock
 * file"). This script adds the missing entries — name, the exact version the parent
 * pins, and the os/cpu/libc read from the package name — marked optional, so npm ci
 * validates the lock and then skips them on this platform as it would anyway.
 * Run it after changing dependencies: `node tools/lockfile/pin-foreign-optionals.mjs`.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;

const OS = ['darwin', 'linux', 'win32', 'android', 'freebsd', 'openbsd', 'netbsd', 'sunos', 'aix', 'openharmony'];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'riscv64', 'ppc64', 's390x', 'loong64', 'mips64el', 'wasm32'];
const CPU_ALIASES = { aarch64: 'arm64', amd64: 'x64', x86_64: 'x64', 'arm-eabi': 'arm', armeabi: 'arm', gnueabihf: 'arm', musleabihf: 'arm', ppc64le: 'ppc64' };

function platformOf(name) {
  const tail = name.split('/').pop();
  const parts = tail.split('-');
  const os = OS.find((o) => parts.includes(o));
  let cpu = CPU.find((c) => parts.includes(c));
  if (!cpu) cpu = Object.entries(CPU_ALIASES).find(([alias]) => tail.includes(alias))?.[1];
  if (!cpu && /arm(-|$)/.test(tail)) cpu = 'arm';
  const libc = parts.includes('musl') || parts.includes('musleabihf') ? 'musl' : parts.includes('gnu') || parts.includes('gnueabihf') ? 'glibc' : undefined;
  return os && cpu ? { os, cpu, libc } : null;
}

let added = 0;
for (const [location, entry] of Object.entries(packages)) {
  if (!entry.optionalDependencies) continue;
  const base = location === '' ? '' : `${location}/`;
  for (const [dep, version] of Object.entries(entry.optionalDependencies)) {
    const platform = platformOf(dep);
    if (!platform || !/^\d+\.\d+\.\d+/.test(version)) continue;
    // npm resolves from the nearest node_modules up the tree: present anywhere there means fine.
    const candidates = [`${base}node_modules/${dep}`, `node_modules/${dep}`];
    if (candidates.some((c) => packages[c])) continue;
    packages[`node_modules/${dep}`] = {
      version,
      optional: true,
      os: [platform.os],
      cpu: [platform.cpu],
      ...(platform.libc ? { libc: [platform.libc] } : {}),
    };
    added += 1;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)));
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`pinned ${added} platform-specific optional packages missing from the lock`);
