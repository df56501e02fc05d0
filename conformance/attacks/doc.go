// Package attacks holds the adversarial suite: one test file per attack
// class that has hit JOSE and JWT libraries, each driven through the public
// APIs of jwk, jws, jwe and jwt as an attacker and a user meet them. It has
// no API; run it with "go test ./conformance/attacks".
//
// Every test names its class and the RFC section or advisory it comes
// from, asserts the exact sentinel errors (errors.Is, and no other
// sentinel of any package), and runs each attack under a panic guard and a
// generous time bound; the denial-of-service classes also count the work
// (bytes allocated or read, requests made). Where a package already tests
// a class, the file names that test.
//
// # Classes
//
//	alg_none_test.go            "alg":"none" and its spellings (RFC 8725 §2.1, CVE-2015-9235)
//	key_confusion_test.go       RSA/EC/OKP public keys as HMAC secrets, PEM/DER/JWK/raw (CVE-2016-10555, CVE-2024-33663)
//	alg_substitution_test.go    RS256↔PS256, ES256↔ES384, keys bound to one alg (RFC 8725 §3.1)
//	ecdsa_signature_test.go     psychic signatures, r/s out of range, wrong lengths, DER (CVE-2022-21449)
//	rsa_pss_test.go             PSS salt length other than the hash length (RFC 7518 §3.5)
//	invalid_curve_test.go       invalid-curve and small-order ECDH-ES keys (CVE-2016-9121, RFC 7748 §6.1)
//	pbes2_dos_test.go           PBES2 "p2c" billion hash attack (GHSA-2c7c-3mj9-8fqh, CVE-2023-49290)
//	zip_bomb_test.go            "zip":"DEF" decompression bomb (CVE-2024-28180)
//	rsa1_5_oracle_test.go       RSA1_5 padding oracle (RFC 7516 §11.5)
//	cbc_hmac_test.go            AES-CBC-HMAC tag truncation and padding oracle (RFC 7518 §5.2.2.2)
//	gcm_test.go                 AES-GCM short tags and wrong IV sizes (RFC 7518 §5.3, §4.7)
//	crit_test.go                "crit" bypasses (RFC 7515 §4.1.11, RFC 7516 §4.1.13)
//	embedded_keys_test.go       trust in "jwk", "jku", "x5u", "x5c" (CVE-2018-0114, RFC 8725 §3.10)
//	kid_test.go                 "kid" path traversal, NUL, injection, huge (RFC 8725 §3.10)
//	header_duplicates_test.go   duplicated members; members split across headers (RFC 7515 §7.2.1)
//	json_differential_test.go   duplicate keys, BOM, invalid UTF-8, 1e400, deep nesting (RFC 8259, RFC 8725 §2.6)
//	multi_signature_test.go     one valid signature among several; quorum by repetition (CVE-2016-9122)
//	nested_unsigned_test.go     nested JWT with an unsigned or "none" inner token (RFC 8725 §2.3)
//	typ_substitution_test.go    cross-JWT confusion through "typ" (RFC 8725 §2.8, §3.11, RFC 9068 §4)
//	audience_test.go            "aud" string-vs-array tricks (CVE-2020-26160, RFC 7519 §4.1.3)
//	time_claims_test.go         "exp"/"nbf"/"iat" as strings, floats, huge values (RFC 7519 §2)
//	compact_form_test.go        non-canonical base64url, dots, whitespace, polyglots (CVE-2022-39227)
//	oversized_test.go           oversized tokens, headers, JWKS, RSA moduli and exponents (RFC 8725 §3.4)
//	format_confusion_test.go    a JWE where a JWS is expected; sign/encrypt key confusion (CVE-2022-3102)
//	jwe_part_sizes_test.go      empty/odd "encrypted_key" for A*KW, non-empty with dir/ECDH-ES (RFC 7518 §4.5)
//	remote_keyset_test.go       key-set URL file:, http:, redirects to loopback, 100 MB body (RFC 8725 §3.10)
//	encrypt_quality_test.go     1,000 encryptions: fresh non-zero CEKs, IVs, ephemeral keys, salts (RFC 7516 §11.3)
//	constant_time_test.go       go/ast walk: no ==, bytes.Equal or reflect.DeepEqual on MACs, tags, secrets
//
// # Seeds for the fuzz targets
//
// Every input these tests build also seeds the fuzz target that reads its
// kind (fuzz/testdata/fuzz/<Target>/attack-*). To record them again after
// adding cases, run from the module root
//
//	ATTACKS_RECORD_CORPUS=$PWD/fuzz/testdata/fuzz go test ./conformance/attacks
//
// and commit the new files (see corpus_test.go).
package attacks
