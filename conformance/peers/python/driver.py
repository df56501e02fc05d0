#!/usr/bin/python3
"""Interop driver for Python's jwcrypto, following the contract in ../README.md.

A JSON array of operations on stdin, a JSON array of results (same order) on
stdout. Binary values (payload, plaintext) are base64url. Run it with Debian's
/usr/bin/python3, where the Debian package python3-jwcrypto installs.
"""
import json
import sys

import jwcrypto
from jwcrypto import jwe, jwk, jws
from jwcrypto.common import base64url_decode, base64url_encode

JWS_ALGS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512',
            'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA']
JWE_ALGS = ['RSA1_5', 'RSA-OAEP', 'RSA-OAEP-256',
            'A128KW', 'A192KW', 'A256KW', 'dir',
            'ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW',
            'A128GCMKW', 'A192GCMKW', 'A256GCMKW',
            'PBES2-HS256+A128KW', 'PBES2-HS384+A192KW', 'PBES2-HS512+A256KW']
ENCS = ['A128CBC-HS256', 'A192CBC-HS384', 'A256CBC-HS512',
        'A128GCM', 'A192GCM', 'A256GCM']
VERSION = getattr(jwcrypto, '__version__', None)


def capabilities(_op):
    return {
        'name': 'jwcrypto',
        'version': VERSION or debian_version(),
        'runtime': 'python %d.%d.%d' % sys.version_info[:3],
        'jws': {'algs': JWS_ALGS, 'serializations': ['compact', 'json', 'flattened']},
        'jwe': {'algs': JWE_ALGS, 'encs': ENCS,
                'serializations': ['compact', 'json', 'flattened'], 'zip': True},
        'curves': ['P-256', 'P-384', 'P-521', 'Ed25519', 'X25519'],
        'missing': {
            'RSA-OAEP-384': 'jwcrypto 1.1 does not implement RSA-OAEP-384',
            'RSA-OAEP-512': 'jwcrypto 1.1 does not implement RSA-OAEP-512',
            'Ed25519': 'jwcrypto 1.1 predates the fully-specified "Ed25519" JWS alg (RFC 9864); it has EdDSA',
        },
    }


def debian_version():
    try:
        with open('/var/lib/dpkg/status', encoding='utf-8') as f:
            block = f.read().split('\n\nPackage: python3-jwcrypto\n', 1)[1]
        for line in block.split('\n'):
            if line.startswith('Version: '):
                return line[len('Version: '):]
    except (OSError, IndexError):
        pass
    return 'unknown'


PRIVATE = ('d', 'p', 'q', 'dp', 'dq', 'qi', 'oth')
SIZES = {'HS256': 256, 'HS384': 384, 'HS512': 512,
         'A128KW': 128, 'A192KW': 192, 'A256KW': 256,
         'A128GCMKW': 128, 'A192GCMKW': 192, 'A256GCMKW': 256,
         'A128GCM': 128, 'A192GCM': 192, 'A256GCM': 256,
         'A128CBC-HS256': 256, 'A192CBC-HS384': 384, 'A256CBC-HS512': 512}
CURVES = {'ES256': 'P-256', 'ES384': 'P-384', 'ES512': 'P-521'}


def key_from(obj, public=False):
    d = dict(obj)
    if public and d.get('kty') != 'oct':
        for m in PRIVATE:
            d.pop(m, None)
        d.pop('key_ops', None)
    return jwk.JWK(**d)


def keygen(op):
    alg = op['alg']
    if alg in SIZES:
        k = jwk.JWK.generate(kty='oct', size=SIZES[alg])
    elif alg == 'dir':
        k = jwk.JWK.generate(kty='oct', size=SIZES[op['enc']])
    elif alg[:2] in ('RS', 'PS') or alg.startswith('RSA'):
        k = jwk.JWK.generate(kty='RSA', size=2048)
    elif alg in CURVES:
        k = jwk.JWK.generate(kty='EC', crv=CURVES[alg])
    elif alg == 'EdDSA':
        k = jwk.JWK.generate(kty='OKP', crv='Ed25519')
    elif alg.startswith('ECDH-ES'):
        crv = op.get('crv', 'P-256')
        k = jwk.JWK.generate(kty='OKP' if crv == 'X25519' else 'EC', crv=crv)
    else:
        raise ValueError('keygen: unsupported alg %s' % alg)
    return {'jwk': k.export(private_key=True, as_dict=True)}


def sign(op):
    s = jws.JWS(base64url_decode(op['payload']))
    for signer in op['signers']:
        prot = dict(op.get('protected') or {})
        prot['alg'] = signer['alg']
        if signer.get('kid'):
            prot['kid'] = signer['kid']
        s.add_signature(key_from(signer['jwk']), alg=signer['alg'], protected=json.dumps(prot))
    ser = op['serialization']
    if ser == 'compact':
        return {'token': s.serialize(compact=True)}
    if ser == 'json' and len(op['signers']) < 2:
        raise ValueError('jwcrypto writes the general JSON serialization only for 2+ signatures')
    if ser == 'flattened' and len(op['signers']) != 1:
        raise ValueError('flattened JSON has one signature')
    return {'token': s.serialize()}


def verify(op):
    s = jws.JWS()
    s.allowed_algs = op['algs']
    s.deserialize(op['token'])
    s.verify(key_from(op['jwk'], public=True))
    return {'payload': base64url_encode(s.payload)}


def recipient_key(r):
    if 'password' in r:
        return jwk.JWK.from_password(r['password'])
    return key_from(r['jwk'], public=True)


def encrypt(op):
    if any(r.get('p2c') for r in op['recipients']):
        raise ValueError('jwcrypto 1.1 always encrypts with p2c 8192')
    prot = dict(op.get('protected') or {})
    prot['enc'] = op['enc']
    if op.get('zip'):
        prot['zip'] = 'DEF'
    ser = op['serialization']
    recipients = op['recipients']

    def own(r):
        h = {'alg': r['alg']}
        if r.get('jwk', {}).get('kid'):
            h['kid'] = r['jwk']['kid']
        return h

    if ser in ('compact', 'flattened'):
        if len(recipients) != 1:
            raise ValueError('%s has one recipient' % ser)
        prot.update(own(recipients[0]))
        e = jwe.JWE(base64url_decode(op['plaintext']), protected=json.dumps(prot))
        e.allowed_algs = JWE_ALGS + ENCS
        e.add_recipient(recipient_key(recipients[0]))
        return {'token': e.serialize(compact=(ser == 'compact'))}
    if len(recipients) < 2:
        raise ValueError('jwcrypto writes the general JSON serialization only for 2+ recipients')
    e = jwe.JWE(base64url_decode(op['plaintext']), protected=json.dumps(prot))
    e.allowed_algs = JWE_ALGS + ENCS
    for r in recipients:
        e.add_recipient(recipient_key(r), header=json.dumps(own(r)))
    return {'token': e.serialize()}


def decrypt(op):
    e = jwe.JWE()
    e.allowed_algs = list(op['algs']) + list(op['encs'])
    key = jwk.JWK.from_password(op['password']) if 'password' in op else key_from(op['jwk'])
    e.deserialize(op['token'], key)
    return {'plaintext': base64url_encode(e.payload)}


def jwk_op(op):
    k = jwk.JWK(**op['jwk'])
    return {'jwk': json.loads(k.export(private_key=k.has_private or k.is_symmetric))}


def thumbprint(op):
    return {'thumbprint': jwk.JWK(**op['jwk']).thumbprint()}


OPS = {'capabilities': capabilities, 'keygen': keygen, 'sign': sign, 'verify': verify,
       'encrypt': encrypt, 'decrypt': decrypt, 'jwk': jwk_op, 'thumbprint': thumbprint}


def run(op):
    f = OPS.get(op.get('op'))
    if f is None:
        return {'error': 'unknown op %s' % json.dumps(op.get('op'))}
    try:
        return f(op)
    except Exception as e:  # every failure is reported to the harness, which judges it
        return {'error': '%s: %s' % (type(e).__name__, e)}


def main():
    ops = json.load(sys.stdin)
    if not isinstance(ops, list):
        sys.stderr.write('driver: stdin must be a JSON array of operations\n')
        sys.exit(2)
    json.dump([run(op) for op in ops], sys.stdout)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
