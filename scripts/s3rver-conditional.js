#!/usr/bin/env node
// s3rver (npm, pinned in package.json) with conditional PUTs, for `newsflow up --durable`.
//
//   node scripts/s3rver-conditional.js --directory DIR --address 127.0.0.1 --port N --bucket tansu
//
// tansu's s3:// storage writes each partition's watermark (next offset) with conditional PUTs:
// `If-None-Match: *` (create only if absent) and `If-Match: <etag>` (replace only that version).
// A restarted broker starts from an empty cache and relies on the 412 answer to read the stored
// watermark. s3rver 3.7.1 ignores both headers and overwrites the object, so a restarted broker
// reset every watermark to 0 and overwrote acknowledged records (measured; see the README).
// This wrapper answers such PUTs with 412 PreconditionFailed when the condition does not hold,
// checking and writing one key at a time, and otherwise serves plain s3rver.
'use strict';

const S3rver = require('s3rver');
const S3Error = require('s3rver/lib/models/error');

function parseArgs(argv) {
  const options = { address: '127.0.0.1', port: 4568, bucket: 'tansu' };
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`missing value for ${name}`);
    if (name === '--directory') options.directory = value;
    else if (name === '--address') options.address = value;
    else if (name === '--port') options.port = Number(value);
    else if (name === '--bucket') options.bucket = value;
    else throw new Error(`unknown option ${name}`);
  }
  if (!options.directory) throw new Error('--directory is required');
  return options;
}

// The bucket and key of a path-style object URL (/bucket/key...), or null.
function objectOf(path) {
  const match = /^\/([^/]+)\/(.+)$/.exec(path);
  // s3rver's router decodes the key; compare the same (decoded) name.
  return match ? { bucket: decodeURIComponent(match[1]), key: decodeURIComponent(match[2]) } : null;
}

// Runs `task` after every earlier task on the same key: check-then-write is atomic per key.
const queues = new Map();
async function oneAtATime(name, task) {
  const before = queues.get(name) || Promise.resolve();
  let release;
  const mine = new Promise(resolve => (release = resolve));
  const chain = before.then(() => mine);
  queues.set(name, chain);
  await before;
  try {
    return await task();
  } finally {
    release();
    if (queues.get(name) === chain) queues.delete(name);
  }
}

function conditionalPuts(store) {
  return async (ctx, next) => {
    const ifNoneMatch = ctx.get('if-none-match');
    const ifMatch = ctx.get('if-match');
    const target = ctx.method === 'PUT' && (ifNoneMatch || ifMatch) ? objectOf(ctx.path) : null;
    if (!target) return next();
    return oneAtATime(`${target.bucket}/${target.key}`, async () => {
      let etag = null;
      try {
        etag = (await store.getMetadata(target.bucket, target.key)).etag;
      } catch (err) {
        if (err.code !== 'ENOENT') throw err;
      }
      const fails =
        (ifNoneMatch === '*' && etag !== null) || (ifMatch && (etag === null || (ifMatch !== '*' && ifMatch !== etag)));
      if (fails) {
        const error = new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', {
          Condition: ifNoneMatch ? 'If-None-Match' : 'If-Match',
        });
        ctx.status = error.status;
        ctx.set(error.headers);
        ctx.type = 'application/xml';
        ctx.body = error.toXML();
        return undefined;
      }
      return next();
    });
  };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const server = new S3rver({
    directory: options.directory,
    address: options.address,
    port: options.port,
    silent: true,
    configureBuckets: [{ name: options.bucket, configs: [] }],
  });
  // Koa composes `middleware` when the server starts: this check runs before s3rver's routes.
  server.middleware.unshift(conditionalPuts(server.store));
  const address = await server.run();
  console.log(`s3rver (conditional PUTs) listening on ${address.address}:${address.port} directory=${options.directory}`);
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => server.close().then(() => process.exit(0)));
  }
}

main().catch(err => {
  console.error(`s3rver failed: ${err.stack || err}`);
  process.exit(1);
});
