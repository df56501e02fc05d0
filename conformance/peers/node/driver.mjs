#!/usr/bin/env node
// Interop driver for the npm package jose (panva/jose), following the contract
// in ../README.md: a JSON array of operations on stdin, a JSON array of results
// (same order) on stdout. Binary values (payload, plaintext) are base64url.
import * as jose from 'jose';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const version = createRequire(import.meta.url)('jose/package.json').version;

const jwsAlgs = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512',
  'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
const jweAlgs = ['RSA-OAEP', 'RSA-OAEP-256', 'RSA-OAEP-384', 'RSA-OAEP-512', 'A128KW', 'A192KW', 'A256KW', 'dir',
  'ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW', 'A128GCMKW', 'A192GCMKW', 'A256GCMKW',
  'PBES2-HS256+A128KW', 'PBES2-HS384+A192KW', 'PBES2-HS512+A256KW'];
const encs = ['A128CBC-HS256', 'A192CBC-HS384', 'A256CBC-HS512', 'A128GCM', 'A192GCM', 'A256GCM'];

const capabilities = () => ({
  name: 'jose',
  version,
  runtime: `node ${process.version}`,
  jws: { algs: jwsAlgs, serializations: ['compact', 'json', 'flattened'] },
  jwe: { algs: jweAlgs, encs, serializations: ['compact', 'json', 'flattened'], zip: true },
  curves: ['P-256', 'P-384', 'P-521', 'Ed25519', 'X25519'],
  missing: {
    RSA1_5: 'jose v6 removed RSA1_5 (RSAES-PKCS1-v1_5 key encryption)',
  },
});

const b64 = jose.base64url;
const privateMembers = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth'];

// publicJWK drops the private members of an asymmetric JWK, so that a
// private key handed to verify or encrypt is used by its public half.
function publicJWK(jwk) {
  if (jwk.kty === 'oct') return jwk;
  const out = { ...jwk };
  for (const m of privateMembers) delete out[m];
  delete out.key_ops;
  return out;
}

async function importKey(jwk, alg) {
  return jose.importJWK(jwk, jwk.alg ?? alg);
}

async function keygen(op) {
  const alg = op.alg;
  let jwk;
  if (alg.startsWith('HS') || /^A\d+(KW|GCMKW)$/.test(alg)) {
    jwk = await jose.exportJWK(await jose.generateSecret(alg, { extractable: true }));
  } else if (alg === 'dir') {
    jwk = await jose.exportJWK(await jose.generateSecret(op.enc, { extractable: true }));
  } else {
    const opts = { extractable: true };
    if (op.crv) opts.crv = op.crv;
    const { privateKey } = await jose.generateKeyPair(alg, opts);
    jwk = await jose.exportJWK(privateKey);
  }
  return { jwk };
}

async function sign(op) {
  const payload = b64.decode(op.payload);
  const header = (s) => ({ ...(op.protected ?? {}), alg: s.alg, ...(s.kid ? { kid: s.kid } : {}) });
  switch (op.serialization) {
    case 'compact': {
      const s = op.signers[0];
      return { token: await new jose.CompactSign(payload).setProtectedHeader(header(s)).sign(await importKey(s.jwk, s.alg)) };
    }
    case 'flattened': {
      const s = op.signers[0];
      const out = await new jose.FlattenedSign(payload).setProtectedHeader(header(s)).sign(await importKey(s.jwk, s.alg));
      return { token: JSON.stringify(out) };
    }
    case 'json': {
      const g = new jose.GeneralSign(payload);
      for (const s of op.signers) g.addSignature(await importKey(s.jwk, s.alg)).setProtectedHeader(header(s));
      return { token: JSON.stringify(await g.sign()) };
    }
  }
  throw new Error(`unknown serialization ${op.serialization}`);
}

async function verify(op) {
  const key = await importKey(publicJWK(op.jwk), op.algs[0]);
  const opts = { algorithms: op.algs };
  const t = op.token;
  let r;
  if (!t.startsWith('{')) r = await jose.compactVerify(t, key, opts);
  else {
    const obj = JSON.parse(t);
    r = obj.signatures ? await jose.generalVerify(obj, key, opts) : await jose.flattenedVerify(obj, key, opts);
  }
  return { payload: b64.encode(r.payload), protected: r.protectedHeader };
}

async function recipientKey(r) {
  if (r.password !== undefined) return new TextEncoder().encode(r.password);
  return importKey(publicJWK(r.jwk), r.alg);
}

async function encrypt(op) {
  const pt = b64.decode(op.plaintext);
  const prot = { ...(op.protected ?? {}), enc: op.enc, ...(op.zip ? { zip: 'DEF' } : {}) };
  const kmp = (r) => (r.p2c ? { p2c: r.p2c } : {});
  const perRecipient = (r) => ({ alg: r.alg, ...(r.jwk?.kid ? { kid: r.jwk.kid } : {}) });
  switch (op.serialization) {
    case 'compact': {
      const r = op.recipients[0];
      const e = new jose.CompactEncrypt(pt).setProtectedHeader({ ...prot, ...perRecipient(r) });
      if (r.p2c) e.setKeyManagementParameters(kmp(r));
      return { token: await e.encrypt(await recipientKey(r)) };
    }
    case 'flattened': {
      const r = op.recipients[0];
      const e = new jose.FlattenedEncrypt(pt).setProtectedHeader({ ...prot, ...perRecipient(r) });
      if (r.p2c) e.setKeyManagementParameters(kmp(r));
      return { token: JSON.stringify(await e.encrypt(await recipientKey(r))) };
    }
    case 'json': {
      const g = new jose.GeneralEncrypt(pt).setProtectedHeader(prot);
      for (const r of op.recipients) {
        const rec = g.addRecipient(await recipientKey(r)).setUnprotectedHeader(perRecipient(r));
        if (r.p2c) rec.setKeyManagementParameters(kmp(r));
      }
      return { token: JSON.stringify(await g.encrypt()) };
    }
  }
  throw new Error(`unknown serialization ${op.serialization}`);
}

async function decrypt(op) {
  const key = op.password !== undefined
    ? new TextEncoder().encode(op.password)
    : await importKey(op.jwk, op.algs[0]);
  const opts = { keyManagementAlgorithms: op.algs, contentEncryptionAlgorithms: op.encs };
  if (op.max_p2c) opts.maxPBES2Count = op.max_p2c;
  const t = op.token;
  let r;
  if (!t.startsWith('{')) r = await jose.compactDecrypt(t, key, opts);
  else {
    const obj = JSON.parse(t);
    r = obj.recipients ? await jose.generalDecrypt(obj, key, opts) : await jose.flattenedDecrypt(obj, key, opts);
  }
  return { plaintext: b64.encode(r.plaintext), protected: r.protectedHeader };
}

async function jwkOp(op) {
  // Parse (import) and marshal (export) again: what this library makes of the key.
  const alg = op.jwk.alg ?? op.alg;
  const key = await jose.importJWK(op.jwk, alg, { extractable: true });
  const out = key instanceof Uint8Array ? { kty: 'oct', k: b64.encode(key) } : await jose.exportJWK(key);
  return { jwk: out };
}

async function thumbprint(op) {
  return { thumbprint: await jose.calculateJwkThumbprint(op.jwk, 'sha256') };
}

const ops = { capabilities: async () => capabilities(), keygen, sign, verify, encrypt, decrypt, jwk: jwkOp, thumbprint };

async function run(op) {
  const f = ops[op.op];
  if (!f) return { error: `unknown op ${JSON.stringify(op.op)}` };
  try {
    return await f(op);
  } catch (e) {
    return { error: `${e.code ?? e.name}: ${e.message}` };
  }
}

const input = JSON.parse(readFileSync(0, 'utf8'));
if (!Array.isArray(input)) {
  process.stderr.write('driver: stdin must be a JSON array of operations\n');
  process.exit(2);
}
const results = [];
for (const op of input) results.push(await run(op));
process.stdout.write(JSON.stringify(results) + '\n');
