// The server the suite talks to: MILVUS_URI (a real Milvus, with MILVUS_USER / MILVUS_PASSWORD when it has
// authentication on), or else a MilvusPS emulator started here from the built DLL and stopped at the end.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MilvusClient } from '@zilliz/milvus2-sdk-node';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..', '..');

function emulatorDll() {
  const candidates = [
    process.env.MILVUSPS_EMULATOR_DLL,
    join(root, 'src/MilvusPS.Emulator/bin/Debug/net8.0/MilvusPS.Emulator.dll'),
    join(root, 'src/MilvusPS.Emulator/bin/Release/net8.0/MilvusPS.Emulator.dll'),
    join(root, 'artifacts/module/MilvusPS/Emulator/MilvusPS.Emulator.dll'),
  ].filter(Boolean);
  const found = candidates.find(p => existsSync(p));
  if (!found) throw new Error(`No emulator build found (dotnet build MilvusPS.sln first); looked in: ${candidates.join(', ')}`);
  return found;
}

function startEmulator() {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('dotnet', [emulatorDll(), '--port', '0', '--parent-pid', String(process.pid)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = '';
    const timer = setTimeout(() => { child.kill(); reject(new Error(`The emulator did not start in 60 s: ${seen}`)); }, 60_000);
    child.stdout.on('data', chunk => {
      seen += chunk;
      const m = /listening on (\S+)/.exec(seen);
      if (m) { clearTimeout(timer); resolvePromise({ child, uri: m[1] }); }
    });
    child.stderr.on('data', chunk => { seen += chunk; });
    child.on('exit', code => { clearTimeout(timer); reject(new Error(`The emulator exited (${code}): ${seen}`)); });
  });
}

/** Connects a client; returns it with a stop function that closes it (and stops the emulator it started). */
export async function connect() {
  let child = null;
  let uri = process.env.MILVUS_URI;
  if (!uri) ({ child, uri } = await startEmulator());
  const address = uri.replace(/^https?:\/\//, '');
  const client = new MilvusClient({ address, username: process.env.MILVUS_USER, password: process.env.MILVUS_PASSWORD });
  return {
    client,
    stop: async () => {
      await client.closeConnection();
      if (child) { child.removeAllListeners('exit'); child.kill(); }
    },
  };
}

/** A collection name no other run uses. */
export const unique = prefix => `${prefix}_${Math.random().toString(36).slice(2, 10)}`;
