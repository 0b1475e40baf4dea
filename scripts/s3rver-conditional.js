#!/usr/bin/env node
// s3rver (npm, pinned in package.json) made safe for tansu's s3:// storage, for `newsflow up --durable`.
//
//   node scripts/s3rver-conditional.js --directory DIR --address 127.0.0.1 --port N --bucket tansu
//
// Two defects of s3rver 3.7.1 that tansu meets, and what this launcher does about them:
//
// 1. Conditional PUTs are ignored. tansu writes each partition's watermark (next offset) with
//    `If-None-Match: *` (create only if absent) and `If-Match: <etag>` (replace only that version);
//    a restarted broker starts from an empty cache and relies on the 412 answer to read the stored
//    watermark. s3rver overwrites the object, so a restarted broker reset every watermark to 0 and
//    overwrote acknowledged records (measured; see the README). Here such PUTs get 412
//    PreconditionFailed when the condition does not hold.
// 2. PUTs are not atomic. s3rver truncates the object file before the body arrives and writes it in
//    place, so a broker SIGKILLed mid-PUT left an empty watermark and the restarted broker failed
//    every fetch of that partition ("EOF while parsing a value"; measured in the pipeline test), and
//    a GET during a PUT could read a short object. Here a body goes to a temporary file that
//    replaces the object (rename) only once the whole body has arrived; a cut-off PUT changes nothing.
//
// 3. A conditional GET answered 304 Not Modified leaks the object file it opened: s3rver opens the
//    body stream before it checks If-None-Match / If-Modified-Since and never closes it. tansu polls
//    its watermarks so; an independent review measured ~5 descriptors a second held by s3rver on an
//    idle stack (1,185 after 5 minutes, most on files since replaced), s3rver at 100 % CPU and the
//    workers stalled behind it. Here a body stream a request opened is closed when its response is.
//
// Every request on one object key (GET, HEAD, PUT, DELETE) runs after the earlier ones on that key,
// so a condition's check and its write are atomic, and a read never sees half of a replacement.
'use strict';

const { AsyncLocalStorage } = require('async_hooks');
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const path = require('path');
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

const OBJECT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);

function conditionFails(ifNoneMatch, ifMatch, etag) {
  return (ifNoneMatch === '*' && etag !== null) || (ifMatch && (etag === null || (ifMatch !== '*' && ifMatch !== etag)));
}

// The request an object request's middleware runs for, as the store wrappers below see it.
const requests = new AsyncLocalStorage();

// Replaces the store's getObject with one whose body stream is closed with the response, sent or not.
function closedBodies(store) {
  const getObject = store.getObject.bind(store);
  store.getObject = async (...args) => {
    const object = await getObject(...args);
    const ctx = requests.getStore();
    if (object && object.content && ctx) {
      if (ctx.res.writableFinished || ctx.res.destroyed) object.content.destroy();
      else ctx.res.once('close', () => object.content.destroy());
    }
    return object;
  };
}

// Koa middleware: one request at a time per object key; conditional PUTs checked against the stored etag.
function objectRequests(store) {
  return async (ctx, next) => {
    const target = OBJECT_METHODS.has(ctx.method) ? objectOf(ctx.path) : null;
    if (!target) return next();
    return requests.run(ctx, () => oneAtATime(`${target.bucket}/${target.key}`, async () => {
      const ifNoneMatch = ctx.method === 'PUT' && ctx.get('if-none-match');
      const ifMatch = ctx.method === 'PUT' && ctx.get('if-match');
      if (ifNoneMatch || ifMatch) {
        let etag = null;
        try {
          etag = (await store.getMetadata(target.bucket, target.key)).etag;
        } catch (err) {
          if (err.code !== 'ENOENT') throw err;
        }
        if (conditionFails(ifNoneMatch, ifMatch, etag)) {
          const error = new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', {
            Condition: ifNoneMatch ? 'If-None-Match' : 'If-Match',
          });
          ctx.status = error.status;
          ctx.set(error.headers);
          ctx.type = 'application/xml';
          ctx.body = error.toXML();
          return undefined;
        }
      }
      // A GET's body stream is opened here, inside the turn; a later rename does not change what it reads.
      return next();
    }));
  };
}

// A request body that sends nothing for this long fails, so a stalled client cannot hold its key.
const BODY_IDLE_MS = 10000;

// Writes `content` (a Buffer or the request stream) to `file`; resolves [size, md5] once all of it
// is on disk, rejects if the stream ends early, fails, stalls, or is shorter than `expectedLength`.
function writeBody(content, file, expectedLength) {
  // The request may have waited its turn on the key while its client went away: its 'close'
  // has fired already and will not fire again.
  if (!Buffer.isBuffer(content) && (content.destroyed || content.aborted)) {
    return Promise.reject(new Error('the client went away before its turn'));
  }
  return new Promise((resolve, reject) => {
    const md5 = crypto.createHash('md5');
    const out = fs.createWriteStream(file, { flags: 'wx' });
    let size = 0;
    let ended = Buffer.isBuffer(content);
    let failed = false;
    let idle = null;
    const fail = err => {
      if (failed) return;
      failed = true;
      clearTimeout(idle);
      // Settle once the file is closed: a stream still opening would create it after the caller's cleanup.
      out.once('close', () => reject(err));
      out.destroy();
    };
    const watch = () => {
      clearTimeout(idle);
      idle = setTimeout(() => fail(new Error(`no request body for ${BODY_IDLE_MS} ms`)), BODY_IDLE_MS);
    };
    out.on('error', fail);
    out.on('finish', () => {
      clearTimeout(idle);
      if (failed) return;
      if (!ended) return fail(new Error('the request body was cut off'));
      if (expectedLength !== undefined && size !== expectedLength) {
        return fail(new Error(`the request body has ${size} of ${expectedLength} bytes`));
      }
      resolve([size, md5.digest('hex')]);
    });
    if (Buffer.isBuffer(content)) {
      md5.update(content);
      size = content.length;
      out.end(content);
      return;
    }
    watch();
    content.on('data', chunk => {
      watch();
      md5.update(chunk);
      size += chunk.length;
      if (!out.write(chunk)) content.pause();
    });
    out.on('drain', () => content.resume());
    content.on('end', () => {
      ended = true;
      out.end();
    });
    content.on('error', fail);
    content.on('aborted', () => fail(new Error('the client went away mid-body')));
    content.on('close', () => {
      if (!ended) fail(new Error('the client went away mid-body'));
    });
  });
}

// Replaces the store's putObject with one that never leaves a partial object behind.
function atomicPuts(store) {
  let uploads = 0;
  store.putObject = async object => {
    const objectPath = store.getResourcePath(object.bucket, object.key, 'object');
    await fs.promises.mkdir(path.dirname(objectPath), { recursive: true });
    const temp = `${objectPath}.upload-${process.pid}-${(uploads += 1)}`;
    // Only a request's own body has a declared length (a multipart completion streams stored parts).
    const declared = object.content instanceof http.IncomingMessage ? object.metadata['content-length'] : undefined;
    const expected = declared === undefined ? undefined : Number(declared);
    let size;
    let md5;
    try {
      [size, md5] = await writeBody(object.content, temp, expected);
      await fs.promises.rename(temp, objectPath);
    } catch (err) {
      await fs.promises.rm(temp, { force: true });
      throw err;
    }
    await store.putMetadata(object.bucket, object.key, object.metadata, md5);
    return { size, md5 };
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
  // Koa composes `middleware` when the server starts: this runs before s3rver's routes.
  server.middleware.unshift(objectRequests(server.store));
  atomicPuts(server.store);
  closedBodies(server.store);
  const address = await server.run();
  console.log(`s3rver (conditional, atomic PUTs) listening on ${address.address}:${address.port} directory=${options.directory}`);
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => server.close().then(() => process.exit(0)));
  }
}

main().catch(err => {
  console.error(`s3rver failed: ${err.stack || err}`);
  process.exit(1);
});
