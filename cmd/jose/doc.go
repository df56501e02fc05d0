// Command jose makes keys, signs, verifies, encrypts and decrypts JOSE
// objects, mints and checks JWTs, and shows what is inside a token, with
// this module's jwk, jws, jwe and jwt packages.
//
//	go install github.com/jose-suite/jose/cmd/jose@latest
//
// Commands:
//
//	jose jwk gen        generate a private JWK        jose jwk gen --alg ES256 --kid k1 > k1.jwk
//	jose jwk pub        its public half               jose jwk pub --key k1.jwk > k1.pub.jwk
//	jose jwk thumbprint RFC 7638 / RFC 9278           jose jwk thumbprint --uri --key k1.jwk
//	jose jwk check      strict validation             jose jwk check --key k1.jwk --alg ES256
//	jose jwk import     PEM or DER to JWK             jose jwk import --in key.pem
//	jose jwk export     JWK to PEM or DER             jose jwk export --key k1.jwk --public
//	jose jwks           build a JWK Set               jose jwks --public k1.jwk k2.jwk > jwks.json
//	jose jws sign       sign stdin                    printf hi | jose jws sign --key k1.jwk
//	jose jws verify     verify stdin, print payload   jose jws verify --key k1.pub.jwk < sig.txt
//	jose jwe encrypt    encrypt stdin                 printf hi | jose jwe encrypt --key bob.jwk
//	jose jwe decrypt    decrypt stdin                 jose jwe decrypt --key bob.jwk < msg.jwe
//	jose jwt sign       mint a JWT (nested too)       jose jwt sign --key k1.jwk --iss me --exp 1h
//	jose jwt verify     verify + validate a JWT       jose jwt verify --key k1.pub.jwk --iss me < t
//	jose inspect        decode without verifying      jose inspect < token.txt
//	jose algs           supported algorithms          jose algs --json
//	jose version        build version                 jose version
//
// Every command has --help with its flags and an example.
//
// # Inputs and outputs
//
// Payloads, plaintexts and tokens are read from standard input (or --in
// FILE) and results are written to standard output, so that commands
// compose in pipelines. Keys (--key, --jwks, --encrypt-key, --decrypt-key)
// are a file name, "-" for standard input, or env:NAME for the value of an
// environment variable; a key file may hold a JWK, a JWK Set or a PEM key.
// Only one input may come from standard input. PBES2 passwords come from
// --password-file, --password-env, or a prompt on the terminal with echo off;
// there is no flag that takes a password itself, since the command line is
// visible to other users of the machine.
//
// Verification and decryption print exactly the verified payload or
// plaintext, or with --json a report: binary values in base64url, the
// headers as JSON objects, and the kid and RFC 7638 thumbprint of the key
// that verified or decrypted. Nothing is printed on standard output when a
// check fails.
//
// # Security
//
// jws verify, jwe decrypt and jwt verify accept only the algorithms the
// caller names with --alg (and --decrypt-alg), or else those named by the
// keys' own "alg" members; a key without "alg" then makes the command fail
// with a usage error. There is no "any algorithm", "none" is never accepted,
// and RSA1_5 only when named. The JWE content encryption allowlist (--enc)
// defaults to the six of RFC 7518, which are all authenticated encryption.
// jwt verify requires --iss (or --ignore-iss), refuses a token that carries
// "aud" unless --aud names it (or --ignore-aud), and requires "exp" unless
// --allow-no-exp.
//
// jose inspect decodes without verifying; its output starts with an
// UNVERIFIED banner (and has "unverified": true with --json), and it escapes
// control characters so that a token cannot drive the terminal. It uses
// colour only when standard output is a terminal and NO_COLOR is unset.
//
// # Exit status
//
//	0  success
//	1  the input failed: a signature, decryption or claim check failed, or
//	   the token, key or data being processed is malformed
//	2  usage error: unknown flag, missing or contradictory flags, unreadable
//	   file, or a key or option the library refuses for the request (such as
//	   a key that may not serve the algorithm named)
//
// Errors are one line on standard error, prefixed with the command's name.
// An unknown flag also prints the command's usage.
//
// # Testing hook
//
// JOSE_NOW, when set, fixes the clock for jwt sign, jwt verify and inspect,
// as seconds since the epoch or RFC 3339. It exists so that tests and
// documentation can show reproducible tokens and expiry status; leave it
// unset otherwise.
package main
