package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/jose-suite/jose/jwa"
)

var cmdAlgs = &command{
	name:    "algs",
	args:    "[--json]",
	summary: "list the supported algorithms and curves",
	desc: `List the JWS algorithms, JWE key management algorithms, JWE content
encryptions and curves that this build supports. "none" is not listed: no
command signs or verifies with it. --json prints them as one object, for
scripts that probe what this implementation can do.`,
	example: `jose algs
jose algs --json | jq -r '.jws[]'`,
	run: runAlgs,
}

func runAlgs(c *cmdContext, args []string) error {
	asJSON := c.fs.Bool("json", false, "print a JSON object")
	if err := c.noArgs(args); err != nil {
		return err
	}
	var r struct {
		JWS    []jwa.SignatureAlgorithm `json:"jws"`
		JWE    []jwa.KeyAlgorithm       `json:"jwe_alg"`
		Enc    []jwa.ContentEncryption  `json:"jwe_enc"`
		Zip    []jwa.Compression        `json:"jwe_zip"`
		Curves []jwa.Curve              `json:"curves"`
	}
	r.JWS = jwa.SignatureAlgorithms()
	r.JWE = jwa.KeyAlgorithms()
	r.Enc = jwa.ContentEncryptions()
	r.Zip = []jwa.Compression{jwa.Deflate}
	r.Curves = jwa.Curves()
	if *asJSON {
		return c.writeJSON(r)
	}
	line := func(title string, n int, name func(int) string) {
		s := make([]string, n)
		for i := range s {
			s[i] = name(i)
		}
		fmt.Fprintf(c.stdout, "%-18s %s\n", title, strings.Join(s, " "))
	}
	line("JWS alg:", len(r.JWS), func(i int) string { return string(r.JWS[i]) })
	line("JWE alg:", len(r.JWE), func(i int) string { return string(r.JWE[i]) })
	line("JWE enc:", len(r.Enc), func(i int) string { return string(r.Enc[i]) })
	line("JWE zip:", len(r.Zip), func(i int) string { return string(r.Zip[i]) })
	line("Curves:", len(r.Curves), func(i int) string { return string(r.Curves[i]) })
	return nil
}

var cmdVersion = &command{
	name:    "version",
	args:    "",
	summary: "print the version of jose and of Go",
	desc:    `Print the module version of this build (or "(devel)" for a local build) and the Go version.`,
	example: `jose version`,
	run:     runVersion,
}

func runVersion(c *cmdContext, args []string) error {
	if err := c.noArgs(args); err != nil {
		return err
	}
	v := "(devel)"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		v = bi.Main.Version
	}
	_, err := fmt.Fprintf(c.stdout, "jose %s %s\n", v, runtime.Version())
	return err
}
