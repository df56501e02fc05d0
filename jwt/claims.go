package jwt

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	ijson "github.com/jose-suite/jose/internal/json"
)

// Bounds of a NumericDate (RFC 7519 §2): not before the epoch, and not
// after the last second of year 9999, beyond which a date is absurd and
// arithmetic on it risks overflow.
const (
	minNumericDate = 0
	maxNumericDate = 253402300799 // 9999-12-31T23:59:59Z
)

// NumericDate is a JWT date (RFC 7519 §2): seconds since the epoch, with an
// optional fraction. The zero value means absent.
type NumericDate struct {
	t time.Time
}

// NewNumericDate returns the NumericDate of t, truncated to microseconds.
func NewNumericDate(t time.Time) NumericDate { return NumericDate{t: t.Truncate(time.Microsecond)} }

// Time returns the date, or the zero time when d is absent.
func (d NumericDate) Time() time.Time { return d.t }

// IsZero reports whether d is absent.
func (d NumericDate) IsZero() bool { return d.t.IsZero() }

// MarshalJSON writes whole seconds as an integer and other dates with their
// fraction, such as 1700000000 or 1700000000.5. An absent date writes null.
func (d NumericDate) MarshalJSON() ([]byte, error) {
	if d.t.IsZero() {
		return []byte("null"), nil
	}
	return appendNumericDate(nil, d.t), nil
}

func appendNumericDate(b []byte, t time.Time) []byte {
	b = strconv.AppendInt(b, t.Unix(), 10)
	if ns := t.Nanosecond(); ns != 0 {
		frac := strconv.FormatFloat(float64(ns)/1e9, 'f', -1, 64)
		b = append(b, frac[1:]...) // drop the leading "0"
	}
	return b
}

// parseNumericDate reads a NumericDate claim: a JSON number, integer or
// fractional, between the epoch and year 9999. Strings, booleans, negative
// and absurdly large values are refused.
func parseNumericDate(name string, v ijson.Value) (NumericDate, error) {
	if v.Kind() != ijson.KindNumber {
		return NumericDate{}, claimErr(name, ErrMalformed, "must be a number, not a "+v.Kind().String())
	}
	if secs, err := v.Int64(); err == nil {
		if secs < minNumericDate || secs > maxNumericDate {
			return NumericDate{}, claimErr(name, ErrMalformed, "out of range")
		}
		return NumericDate{t: time.Unix(secs, 0)}, nil
	}
	// Fractional and exponent forms (1.7e9) are numbers too. They are read
	// from their decimal text, to the microsecond (truncated), not through
	// a float64, which has no microseconds left after year 2255 and can
	// round a date across a second.
	lit, _ := v.Number()
	secs, micros, ok := decimalDate(lit)
	if !ok {
		return NumericDate{}, claimErr(name, ErrMalformed, "out of range")
	}
	return NumericDate{t: time.Unix(secs, micros*1e3)}, nil
}

// decimalDate reads a JSON number literal as seconds and microseconds
// (the fraction truncated), and reports whether it lies between the epoch
// and maxNumericDate. The work is linear in the literal, whatever its
// exponent.
func decimalDate(lit string) (secs, micros int64, ok bool) {
	neg := strings.HasPrefix(lit, "-")
	lit = strings.TrimPrefix(lit, "-")
	mant, exp, _ := strings.Cut(strings.ToLower(lit), "e")
	intPart, fracPart, _ := strings.Cut(mant, ".")
	e := 0
	if exp != "" {
		expNeg := strings.HasPrefix(exp, "-")
		exp = strings.TrimLeft(strings.TrimLeft(exp, "+-"), "0")
		if len(exp) > 6 {
			exp = "999999" // far beyond any date either way
		}
		for _, c := range exp {
			e = e*10 + int(c-'0')
		}
		if expNeg {
			e = -e
		}
	}
	// The value is 0.digits × 10^point.
	digits := intPart + fracPart
	point := len(intPart) + e
	trimmed := strings.TrimLeft(digits, "0")
	point -= len(digits) - len(trimmed)
	digits = strings.TrimRight(trimmed, "0")
	switch {
	case digits == "":
		return 0, 0, true // zero, or minus zero
	case neg, point > 12: // maxNumericDate has 12 digits
		return 0, 0, false
	case point <= -6:
		return 0, 0, true // below a microsecond: the epoch
	}
	for i := 0; i < point; i++ {
		d := byte('0')
		if i < len(digits) {
			d = digits[i]
		}
		secs = secs*10 + int64(d-'0')
	}
	for i := point; i < point+6; i++ {
		d := byte('0')
		if i >= 0 && i < len(digits) {
			d = digits[i]
		}
		micros = micros*10 + int64(d-'0')
	}
	rest := len(digits) > max(point+6, 0)
	if secs > maxNumericDate || secs == maxNumericDate && (micros > 0 || rest) {
		return 0, 0, false
	}
	return secs, micros, true
}

// Audience is the "aud" claim (RFC 7519 §4.1.3): one string or an array of
// strings. It remembers which form it had, so that a parsed token
// re-marshals unchanged.
type Audience struct {
	values []string
	array  bool
}

// NewAudience returns an Audience. One value marshals as a string, several
// as an array; [NewAudienceArray] always marshals an array.
func NewAudience(values ...string) Audience {
	return Audience{values: slices.Clone(values), array: len(values) != 1}
}

// NewAudienceArray returns an Audience that marshals as an array even with
// one value.
func NewAudienceArray(values ...string) Audience {
	return Audience{values: slices.Clone(values), array: true}
}

// Values returns a copy of the audience values.
func (a Audience) Values() []string { return slices.Clone(a.values) }

// Contains reports whether a names s (exact, case-sensitive comparison, as
// RFC 7519 §4.1.3 requires for StringOrURI values).
func (a Audience) Contains(s string) bool { return slices.Contains(a.values, s) }

// IsArray reports whether the audience is (or marshals as) an array.
func (a Audience) IsArray() bool { return a.array }

// IsZero reports whether the audience is absent.
func (a Audience) IsZero() bool { return a.values == nil && !a.array }

// MarshalJSON writes a string or an array, in the form the audience had.
func (a Audience) MarshalJSON() ([]byte, error) {
	if a.IsZero() {
		return []byte("null"), nil
	}
	if !a.array && len(a.values) == 1 {
		return json.Marshal(a.values[0])
	}
	if a.values == nil {
		return []byte("[]"), nil
	}
	return json.Marshal(a.values)
}

func parseAudience(v ijson.Value) (Audience, error) {
	switch v.Kind() {
	case ijson.KindString:
		s, _ := v.String()
		return Audience{values: []string{s}}, nil
	case ijson.KindArray:
		vals, err := v.StringArray()
		if err != nil {
			return Audience{}, claimErr("aud", ErrMalformed, "must be a string or an array of strings")
		}
		if vals == nil {
			vals = []string{}
		}
		return Audience{values: vals, array: true}, nil
	}
	return Audience{}, claimErr("aud", ErrMalformed, "must be a string or an array of strings, not a "+v.Kind().String())
}

// Claims holds the registered claims of RFC 7519 §4.1. Absent claims are
// zero values. To sign custom claims, embed Claims in a struct of your own
// (encoding/json flattens it) or pass a map.
type Claims struct {
	Issuer    string      `json:"iss,omitempty"`
	Subject   string      `json:"sub,omitempty"`
	Audience  Audience    `json:"aud,omitzero"`
	Expiry    NumericDate `json:"exp,omitzero"`
	NotBefore NumericDate `json:"nbf,omitzero"`
	IssuedAt  NumericDate `json:"iat,omitzero"`
	ID        string      `json:"jti,omitempty"`
}

// registeredClaim reports whether name is one of RFC 7519 §4.1's claims.
func registeredClaim(name string) bool {
	switch name {
	case "iss", "sub", "aud", "exp", "nbf", "iat", "jti":
		return true
	}
	return false
}

// DefaultMaxClaimsSize bounds a claims set in bytes.
const DefaultMaxClaimsSize = 64 << 10

// claimsDepth bounds JSON nesting inside a claims set.
const claimsDepth = 16

// parseClaims parses a JWT Claims Set strictly: a JSON object with no
// duplicate members, no two names that differ only in case (so that
// encoding/json, which matches struct fields case-insensitively, cannot
// read a different claim than this package checked), and registered claims
// of their registered types.
func parseClaims(payload []byte, maxSize int) (Claims, ijson.Object, error) {
	if maxSize <= 0 {
		maxSize = DefaultMaxClaimsSize
	}
	if len(payload) > maxSize {
		return Claims{}, ijson.Object{}, claimErr("", ErrTooLarge, "claims set of "+strconv.Itoa(len(payload))+" bytes exceeds limit "+strconv.Itoa(maxSize))
	}
	obj, err := ijson.ParseObject(payload, ijson.Limits{MaxSize: maxSize, MaxDepth: claimsDepth})
	if err != nil {
		return Claims{}, ijson.Object{}, &ClaimError{Err: ErrMalformed, Reason: "claims set: " + err.Error(), cause: err}
	}
	if err := checkCaseCollisions(obj); err != nil {
		return Claims{}, ijson.Object{}, err
	}
	var c Claims
	for name, v := range obj.All() {
		var err error
		switch name {
		case "iss":
			c.Issuer, err = stringClaim(name, v)
		case "sub":
			c.Subject, err = stringClaim(name, v)
		case "jti":
			c.ID, err = stringClaim(name, v)
		case "aud":
			c.Audience, err = parseAudience(v)
		case "exp":
			c.Expiry, err = parseNumericDate("exp", v)
		case "nbf":
			c.NotBefore, err = parseNumericDate("nbf", v)
		case "iat":
			c.IssuedAt, err = parseNumericDate("iat", v)
		}
		if err != nil {
			return Claims{}, ijson.Object{}, err
		}
	}
	return c, obj, nil
}

func stringClaim(name string, v ijson.Value) (string, error) {
	s, err := v.String()
	if err != nil {
		return "", claimErr(name, ErrMalformed, "must be a string, not a "+v.Kind().String())
	}
	return s, nil
}

// checkCaseCollisions refuses two top-level names equal under Unicode case
// folding, such as "admin" and "Admin", and registered claim names spelled
// in another case. Names that are ASCII without upper-case letters (nearly
// all) fold to themselves without allocating.
func checkCaseCollisions(obj ijson.Object) error {
	var small [16]string
	folded := small[:0]
	var seen map[string]struct{}
	for name := range obj.All() {
		f := foldName(name)
		// A name that folds to a registered claim but is spelled otherwise
		// ("SUB", "Exp") would escape the checks and still fill the field
		// of a struct that embeds Claims through encoding/json.
		if f != name && registeredClaim(f) {
			return claimErr(name, ErrMalformed, "is a registered claim name in the wrong case")
		}
		if seen == nil && len(folded) < len(small) {
			if slices.Contains(folded, f) {
				return claimErr(name, ErrMalformed, "differs from another claim name only in case")
			}
			folded = append(folded, f)
			continue
		}
		if seen == nil {
			seen = make(map[string]struct{}, 2*len(small))
			for _, x := range folded {
				seen[x] = struct{}{}
			}
		}
		if _, dup := seen[f]; dup {
			return claimErr(name, ErrMalformed, "differs from another claim name only in case")
		}
		seen[f] = struct{}{}
	}
	return nil
}

// foldName returns the case-folded form of a claim name: upper then lower
// case maps the special folds too (K, ſ), as encoding/json's
// case-insensitive match does.
func foldName(name string) string {
	for i := 0; i < len(name); i++ {
		if c := name[i]; c >= 0x80 || ('A' <= c && c <= 'Z') {
			return strings.ToLower(strings.ToUpper(name))
		}
	}
	return name
}

// UnmarshalJSON reads a NumericDate with the rules a [Validator] applies:
// a number between the epoch and year 9999. null leaves d absent.
func (d *NumericDate) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		*d = NumericDate{}
		return nil
	}
	v, err := ijson.Parse(data, ijson.Limits{MaxSize: 64, MaxDepth: 1})
	if err != nil {
		return &ClaimError{Err: ErrMalformed, Reason: "NumericDate: " + err.Error(), cause: err}
	}
	nd, err := parseNumericDate("NumericDate", v)
	if err != nil {
		return err
	}
	*d = nd
	return nil
}

// UnmarshalJSON reads a string or an array of strings, remembering which.
// null leaves a absent.
func (a *Audience) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		*a = Audience{}
		return nil
	}
	v, err := ijson.Parse(data, ijson.Limits{MaxSize: DefaultMaxClaimsSize, MaxDepth: 2})
	if err != nil {
		return &ClaimError{Claim: "aud", Err: ErrMalformed, Reason: err.Error(), cause: err}
	}
	aud, err := parseAudience(v)
	if err != nil {
		return err
	}
	*a = aud
	return nil
}
