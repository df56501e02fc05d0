package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// relative says how far t is from now: "in 59m 30s", "2d 3h ago", "now".
func relative(t, now time.Time) string {
	d := t.Sub(now)
	switch {
	case d.Abs() < time.Second:
		return "now"
	case d > 0:
		return "in " + humanDuration(d)
	}
	return humanDuration(-d) + " ago"
}

// humanDuration prints the two largest units of d: "3y 12d", "5h 2m", "40s".
func humanDuration(d time.Duration) string {
	d = d.Round(time.Second)
	units := []struct {
		name string
		size time.Duration
	}{
		{"y", 365 * 24 * time.Hour},
		{"d", 24 * time.Hour},
		{"h", time.Hour},
		{"m", time.Minute},
		{"s", time.Second},
	}
	var parts []string
	for _, u := range units {
		if d >= u.size {
			n := d / u.size
			d -= n * u.size
			parts = append(parts, fmt.Sprintf("%d%s", n, u.name))
		} else if len(parts) > 0 {
			break
		}
		if len(parts) == 2 {
			break
		}
	}
	if len(parts) == 0 {
		return "0s"
	}
	return strings.Join(parts, " ")
}

// writeText prints the report for people.
func (r *inspectReport) writeText(w io.Writer, colour bool) {
	paint := func(code, s string) string {
		if !colour {
			return s
		}
		return code + s + ansiReset
	}
	title := func(s string) string { return paint(ansiBold+ansiCyan, s) }
	fmt.Fprintln(w, paint(ansiBold+ansiRed, "UNVERIFIED: decoded without checking any signature or decrypting; trust nothing below."))
	what := r.Kind + ", " + r.Form
	if r.JWT {
		what += " (a JWT)"
	}
	fmt.Fprintf(w, "\n%s %s\n", title("Token:"), what)

	for i, s := range r.Signatures {
		indent := ""
		if len(r.Signatures) > 1 {
			fmt.Fprintf(w, "\n%s\n", title(fmt.Sprintf("Signature %d:", i)))
			indent = "  "
		}
		if len(s.Protected) > 0 {
			fmt.Fprintf(w, "\n%s%s\n", indent, title("Protected header:"))
			writeIndentedJSON(w, indent, s.Protected)
		}
		if len(s.Header) > 0 {
			fmt.Fprintf(w, "\n%s%s\n", indent, title("Unprotected header:"))
			writeIndentedJSON(w, indent, s.Header)
		}
		fmt.Fprintf(w, "\n%s%s %d bytes\n", indent, title("Signature:"), s.Size)
	}
	if len(r.Protected) > 0 {
		fmt.Fprintf(w, "\n%s\n", title("Protected header:"))
		writeIndentedJSON(w, "", r.Protected)
	}
	if len(r.Unprotected) > 0 {
		fmt.Fprintf(w, "\n%s\n", title("Shared unprotected header:"))
		writeIndentedJSON(w, "", r.Unprotected)
	}
	if r.Kind == "JWE" {
		for i, rc := range r.Recipients {
			if len(rc.Header) > 0 {
				fmt.Fprintf(w, "\n%s\n", title(fmt.Sprintf("Recipient %d header:", i)))
				writeIndentedJSON(w, "", rc.Header)
			}
			fmt.Fprintf(w, "\n%s %d bytes\n", title(fmt.Sprintf("Recipient %d encrypted key:", i)), rc.EncryptedKey)
		}
		if e := r.Encrypted; e != nil {
			fmt.Fprintf(w, "\n%s iv %d bytes, ciphertext %d bytes, tag %d bytes", title("Encrypted content:"), e.IV, e.Ciphertext, e.Tag)
			if e.AAD > 0 {
				fmt.Fprintf(w, ", aad %d bytes", e.AAD)
			}
			fmt.Fprintln(w)
		}
	}
	if len(r.Claims) > 0 {
		fmt.Fprintf(w, "\n%s\n", title("Claims:"))
		writeIndentedJSON(w, "", r.Claims)
	}
	if p := r.Payload; p != nil {
		switch {
		case p.Detached:
			fmt.Fprintf(w, "\n%s detached\n", title("Payload:"))
		case p.Base64URL != "":
			fmt.Fprintf(w, "\n%s %d bytes, binary, base64url:\n  %s\n", title("Payload:"), p.Size, truncate(p.Base64URL, 4096))
		default:
			fmt.Fprintf(w, "\n%s %d bytes of text:\n", title("Payload:"), p.Size)
			for line := range strings.SplitSeq(truncate(p.Text, 4096), "\n") {
				fmt.Fprintf(w, "  %s\n", sanitize(line))
			}
		}
	}
	if len(r.Times) > 0 {
		fmt.Fprintf(w, "\n%s\n", title("Times:"))
		for _, t := range r.Times {
			fmt.Fprintf(w, "  %-3s  %s  (%s)  %s\n", t.Claim, t.Time, sanitize(t.Value), t.Relative)
		}
	}
	if r.Status != "" {
		status := r.Status
		switch status {
		case "valid":
			status = paint(ansiGreen, "not expired") + " (by its times only: the signature is NOT checked)"
		case "expired", "not yet valid":
			status = paint(ansiBold+ansiRed, strings.ToUpper(status))
		default:
			status = paint(ansiYellow, status)
		}
		fmt.Fprintf(w, "\n%s %s\n", title("Status:"), status)
	}
	if len(r.Notes) > 0 {
		fmt.Fprintf(w, "\n%s\n", title("Notes:"))
		for _, n := range r.Notes {
			fmt.Fprintf(w, "  - %s\n", sanitize(n))
		}
	}
	if len(r.Warnings) > 0 {
		fmt.Fprintf(w, "\n%s\n", paint(ansiBold+ansiYellow, "Warnings:"))
		for _, n := range r.Warnings {
			fmt.Fprintf(w, "  %s %s\n", paint(ansiYellow, "!"), sanitize(n))
		}
	}
}

// writeIndentedJSON prints a JSON value indented by two spaces after
// prefix, members in their original order, with control characters escaped
// so that a token cannot drive the terminal.
func writeIndentedJSON(w io.Writer, prefix string, raw json.RawMessage) {
	var b bytes.Buffer
	prefix += "  "
	if err := json.Indent(&b, raw, prefix, "  "); err != nil {
		fmt.Fprintf(w, "%s%s\n", prefix, sanitize(string(raw)))
		return
	}
	fmt.Fprintf(w, "%s%s\n", prefix, sanitize(b.String()))
}

// sanitize escapes control characters other than newline and tab, and
// invalid UTF-8, for display on a terminal.
func sanitize(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029':
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + fmt.Sprintf("… (%d more bytes)", len(s)-cut)
}
