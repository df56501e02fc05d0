package jwe

import (
	"bytes"
	"errors"

	"github.com/jose-suite/jose/internal/base64url"
	ijson "github.com/jose-suite/jose/internal/json"
)

// jsonDepth bounds the nesting of a JSON JWE: the document, "recipients",
// a recipient, its "header", an "epk" in it, and room for extension
// members.
const jsonDepth = 8

// parseJSON parses the general or flattened JSON serialization (RFC 7516
// §7.2) into m. Members this package does not know are ignored, as §7.2.1
// says; the known ones must have their types. A document has either
// "recipients" (general) or the top-level "header" and "encrypted_key"
// (flattened), never both (§7.2.2).
func parseJSON(data []byte, lim *limits, m *message) error {
	if len(data) > lim.token {
		return tooLarge("JSON", len(data), lim.token)
	}
	obj, err := ijson.ParseObject(data, ijson.Limits{MaxSize: lim.token, MaxDepth: jsonDepth})
	if err != nil {
		if errors.Is(err, ijson.ErrTooLarge) {
			return &FormatError{Reason: "JSON: " + err.Error(), Err: errors.Join(ErrTooLarge, err)}
		}
		return malformedCause("", "invalid JSON", err)
	}
	if prot, ok, err := obj.String("protected"); err != nil {
		return malformedCause("protected", "not a string", err)
	} else if ok && prot != "" {
		if err := m.setProtected(prot, lim); err != nil {
			return err
		}
	}
	if m.shared, err = headerObject(obj, "unprotected", lim); err != nil {
		return err
	}
	recipients, general, err := obj.Array("recipients")
	if err != nil {
		return malformedCause("recipients", "not an array", err)
	}
	if general {
		if obj.Has("header") {
			return malformed("recipients", `present with a top-level "header" (RFC 7516 §7.2.2)`)
		}
		if len(recipients) == 0 {
			return malformed("recipients", "is empty")
		}
		if len(recipients) > lim.recipients {
			return tooLarge("recipients", len(recipients), lim.recipients)
		}
		m.recipients = make([]recipientPart, len(recipients))
		for i, v := range recipients {
			part := "recipients[" + itoa(i) + "]"
			r, err := v.Object()
			if err != nil {
				return malformedCause(part, "not an object", err)
			}
			if m.recipients[i], err = parseRecipient(r, part+".", lim); err != nil {
				return err
			}
		}
		if err := checkTopLevelKey(obj, m.recipients[0].encryptedKey); err != nil {
			return err
		}
	} else {
		r, err := parseRecipient(obj, "", lim)
		if err != nil {
			return err
		}
		m.one[0] = r
		m.recipients = m.one[:]
	}
	iv, err := requiredString(obj, "iv")
	if err != nil {
		return err
	}
	if err := m.setIV(iv); err != nil {
		return err
	}
	ct, err := requiredString(obj, "ciphertext")
	if err != nil {
		return err
	}
	tag, err := requiredString(obj, "tag")
	if err != nil {
		return err
	}
	aad, hasAAD, err := obj.String("aad")
	if err != nil {
		return malformedCause("aad", "not a string", err)
	}
	if hasAAD {
		if m.aad, err = decodePart("aad", aad); err != nil {
			return err
		}
	}
	return m.setBody(ct, tag, aad, hasAAD, lim)
}

// checkTopLevelKey decides what a top-level "encrypted_key" means next to
// "recipients". RFC 7516 §7.2.2 defines it for the flattened syntax, which
// has no "recipients"; go-jose (v2 to v4) writes the general syntax with
// the first recipient's encrypted key at the top level as well. Refusing
// it would refuse go-jose's messages, and ignoring any value would let two
// parsers disagree about the first recipient, so it is accepted only when
// it equals the first recipient's "encrypted_key".
func checkTopLevelKey(obj ijson.Object, first []byte) error {
	ek, ok, err := obj.String("encrypted_key")
	if err != nil {
		return malformedCause("encrypted_key", "not a string", err)
	}
	if !ok {
		return nil
	}
	b, err := decodePart("encrypted_key", ek)
	if err != nil {
		return err
	}
	if !bytes.Equal(b, first) {
		return malformed("encrypted_key", `present with "recipients" and different from the first recipient's (RFC 7516 §7.2.2)`)
	}
	return nil
}

// parseRecipient reads a recipient's "header" and "encrypted_key"; prefix
// names it for errors.
func parseRecipient(obj ijson.Object, prefix string, lim *limits) (recipientPart, error) {
	var r recipientPart
	var err error
	if r.header, err = headerObject(obj, prefix+"header", lim); err != nil {
		return r, err
	}
	// In the flattened form prefix is empty and the member is "header".
	ek, ok, err := obj.String("encrypted_key")
	if err != nil {
		return r, malformedCause(prefix+"encrypted_key", "not a string", err)
	}
	if ok {
		if r.encryptedKey, err = decodePart(prefix+"encrypted_key", ek); err != nil {
			return r, err
		}
	}
	return r, nil
}

// headerObject reads an unprotected header, bounded by the header limit.
// The member's name is the last element of part.
func headerObject(obj ijson.Object, part string, lim *limits) (ijson.Object, error) {
	name := part
	for i := len(part) - 1; i >= 0; i-- {
		if part[i] == '.' {
			name = part[i+1:]
			break
		}
	}
	h, ok, err := obj.Object(name)
	if err != nil {
		return ijson.Object{}, malformedCause(part, "not an object", err)
	}
	if !ok {
		return ijson.Object{}, nil
	}
	if n := len(h.Raw()); n > lim.header {
		return ijson.Object{}, tooLarge(part, n, lim.header)
	}
	return h, nil
}

// requiredString returns string member name, which must be present.
func requiredString(obj ijson.Object, name string) (string, error) {
	s, ok, err := obj.String(name)
	if err != nil {
		return "", malformedCause(name, "not a string", err)
	}
	if !ok {
		return "", malformed(name, "missing")
	}
	return s, nil
}

// jsonWriter appends the members of a JSON object.
type jsonWriter struct {
	b     []byte
	first bool
}

func newJSONWriter(b []byte) *jsonWriter { return &jsonWriter{b: append(b, '{'), first: true} }

func (w *jsonWriter) name(n string) {
	if !w.first {
		w.b = append(w.b, ',')
	}
	w.first = false
	w.b = ijson.AppendString(w.b, n)
	w.b = append(w.b, ':')
}

func (w *jsonWriter) str(n, v string) {
	w.name(n)
	w.b = ijson.AppendString(w.b, v)
}

func (w *jsonWriter) b64(n string, v []byte) {
	w.name(n)
	w.b = append(w.b, '"')
	w.b = base64url.AppendEncode(w.b, v)
	w.b = append(w.b, '"')
}

func (w *jsonWriter) raw(n string, v []byte) {
	w.name(n)
	w.b = append(w.b, v...)
}

func (w *jsonWriter) close() []byte { return append(w.b, '}') }
