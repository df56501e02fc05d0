package jwe

import (
	"bytes"
	"compress/flate"
	"io"
)

// "zip":"DEF" (RFC 7516 §4.1.3): the plaintext is compressed with raw
// DEFLATE (RFC 1951) before encryption.
//
// Compression before encryption leaks the compressed length, and so
// something of the plaintext, when an attacker can influence part of it
// and observe the result (CRIME and BREACH); see [EncrypterOptions.Compress].

// deflate compresses plaintext with raw DEFLATE.
func deflate(plaintext []byte) ([]byte, error) {
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, flate.DefaultCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(plaintext); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// inflate decompresses raw DEFLATE data into at most limit bytes. The
// limit is enforced while inflating, through a reader that stops one byte
// past it, so that a small input cannot expand into more than limit+1
// bytes of memory (a "zip bomb"). Over the limit it returns ErrTooLarge;
// for a broken stream (which the tag has authenticated, so the sender
// made it) ErrMalformed.
func inflate(data []byte, limit int) ([]byte, error) {
	r := flate.NewReader(bytes.NewReader(data))
	defer r.Close()
	// Start from a guess, never above the limit: the input size times a
	// small ratio.
	buf := bytes.NewBuffer(make([]byte, 0, min(limit+1, max(512, 4*len(data)))))
	if _, err := buf.ReadFrom(io.LimitReader(r, int64(limit)+1)); err != nil {
		return nil, malformedCause("zip", "inflating the plaintext", err)
	}
	if buf.Len() > limit {
		return nil, &FormatError{Part: "zip", Reason: "decompressed plaintext exceeds limit " + itoa(limit), Err: ErrTooLarge}
	}
	return buf.Bytes(), nil
}
