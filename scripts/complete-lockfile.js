#!/usr/bin/env node
/*
 * Some registry mirrors do not carry every platform build of packages that ship native
 * binaries as optional dependencies (msgpackr-extract, unrs-resolver, ...). `npm install` then
 * leaves those optional packages out of package-lock.json and `npm ci` refuses the lockfile as
 * "out of sync". This adds a stub entry (version, os, cpu) for each missing one: npm ci sees it
 * does not fit this platform and skips it, exactly as with a complete lockfile.
 *
 * Run after changing dependencies: `npm install && npm run lock:complete`.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const file = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));

/** os/cpu/libc from the registry, falling back to what the package name says. */
function platformOf(name) {
  try {
    const out = execFileSync('npm', ['view', name, 'os', 'cpu', 'libc', '--json'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const info = JSON.parse(out || '{}');
    if (info.os || info.cpu) return { os: info.os, cpu: info.cpu, libc: info.libc };
  } catch {
    // fall through to the name
  }
  const os = name.match(/(darwin|linux|win32|freebsd|android|openbsd|sunos|aix|netbsd)/)?.[1];
  const cpu = name.match(/(arm64|x64|ia32|arm|riscv64|ppc64|s390x|loong64|wasm32|mips64el)/)?.[1];
  return { os: os ? [os] : undefined, cpu: cpu ? [cpu] : undefined };
}

function resolveKey(fromKey, name) {
  // Node's lookup: nested node_modules first, then each parent, then the top.
  let base = fromKey;
  while (true) {
    const key = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (lock.packages[key]) return key;
    if (!base) return null;
    const idx = base.lastIndexOf('/node_modules/');
    base = idx === -1 ? '' : base.slice(0, idx);
  }
}

let added = 0;
for (const [key, pkg] of Object.entries(lock.packages)) {
  for (const [name, range] of Object.entries(pkg.optionalDependencies ?? {})) {
    if (resolveKey(key, name)) continue;
    const version = String(range).replace(/^[\^~=]/, '');
    const platform = platformOf(name);
    const entry = { version, optional: true };
    for (const field of ['os', 'cpu', 'libc']) if (platform[field]) entry[field] = platform[field];
    lock.packages[`node_modules/${name}`] = entry;
    added++;
    process.stdout.write(`added ${name}@${version} ${JSON.stringify(platform)}\n`);
  }
}
const sorted = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) =>
    a === '' ? -1 : b === '' ? 1 : a.localeCompare(b),
  ),
);
lock.packages = sorted;
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`${added} optional platform package(s) added to package-lock.json\n`);
