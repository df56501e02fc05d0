package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// command is one leaf of the command tree, such as "jws sign".
type command struct {
	name    string // full name without "jose ", such as "jws sign"
	args    string // synopsis after the name, such as "--key KEY [flags] < payload"
	summary string // one line for the command list
	desc    string // what it does, for --help
	example string // one or more lines of shell, for --help
	run     func(c *cmdContext, args []string) error
}

// commands lists every command, in the order of the top-level usage.
// It is built by a function, not a package variable that init code
// fills, so the table is read-only.
func commands() []*command {
	return []*command{
		cmdJWKGen, cmdJWKPub, cmdJWKThumbprint, cmdJWKCheck, cmdJWKImport, cmdJWKExport,
		cmdJWKS,
		cmdJWSSign, cmdJWSVerify,
		cmdJWEEncrypt, cmdJWEDecrypt,
		cmdJWTSign, cmdJWTVerify,
		cmdInspect,
		cmdAlgs, cmdVersion,
	}
}

// groups are the first words of two-word commands.
var groupNames = []string{"jwk", "jws", "jwe", "jwt"}

func groupOf(word string) string {
	for _, g := range groupNames {
		if g == word {
			return g
		}
	}
	return ""
}

// lookup finds the command named by the first one or two words of args and
// returns it with the remaining arguments.
func lookup(args []string) (*command, []string) {
	for _, c := range commands() {
		words := strings.Fields(c.name)
		if len(args) >= len(words) && strings.Join(args[:len(words)], " ") == c.name {
			return c, args[len(words):]
		}
	}
	return nil, args
}

func printTopUsage(w io.Writer) {
	fmt.Fprint(w, `jose: JSON Web Keys, Signatures, Encryption and Tokens

Usage: jose <command> [flags]

Commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-16s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Keys (--key, --jwks) are read from a file, from standard input with "-",
or from an environment variable with "env:NAME"; a file may hold a JWK,
a JWK Set or a PEM key. PBES2 passwords come from --password-file,
--password-env or a terminal prompt, never from the command line.

Exit status: 0 success, 1 verification, decryption or input failure,
2 usage error (bad flags, unreadable files, keys unfit for the request).

Run 'jose <command> --help' for the flags and an example of each command.
`)
}

func printGroupUsage(w io.Writer, group string) {
	fmt.Fprintf(w, "Usage: jose %s <subcommand> [flags]\n\nSubcommands:\n", group)
	for _, c := range commands() {
		if strings.HasPrefix(c.name, group+" ") {
			fmt.Fprintf(w, "  %-16s %s\n", c.name, c.summary)
		}
	}
	fmt.Fprintf(w, "\nRun 'jose %s <subcommand> --help' for details.\n", group)
}

// cmdContext is what a command's run function gets: its flag set and the
// environment.
type cmdContext struct {
	*env
	cmd *command
	fs  *flag.FlagSet
}

func newCmdContext(cmd *command, e *env) *cmdContext {
	fs := flag.NewFlagSet("jose "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return &cmdContext{env: e, cmd: cmd, fs: fs}
}

// parse parses the command's flags, which may be mixed with positional
// arguments, and returns the positional ones. --help prints the help on
// stdout; a bad flag prints the error and the usage on stderr.
func (c *cmdContext) parse(args []string) ([]string, error) {
	var positional []string
	for {
		if err := c.fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				c.printHelp(c.stdout)
				return nil, errHelpShown
			}
			fmt.Fprintf(c.stderr, "jose %s: %s\n", c.cmd.name, flagErrorMessage(err))
			c.printUsage(c.stderr)
			return nil, errUsageShown
		}
		rest := c.fs.Args()
		// flag stops before the first non-flag argument, or just after "--",
		// which ends the flags for good.
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(positional, rest...), nil
		}
		if len(rest) == 0 {
			return positional, nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// noArgs is parse for commands that take no positional arguments.
func (c *cmdContext) noArgs(args []string) error {
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	return nil
}

func (c *cmdContext) printUsage(w io.Writer) {
	fmt.Fprintf(w, "Usage: jose %s %s\n", c.cmd.name, c.cmd.args)
	if c.hasFlags() {
		fmt.Fprint(w, "\nFlags:\n")
		c.printFlags(w)
	}
	fmt.Fprintf(w, "\nRun 'jose %s --help' for details and an example.\n", c.cmd.name)
}

func (c *cmdContext) printHelp(w io.Writer) {
	fmt.Fprintf(w, "Usage: jose %s %s\n\n", c.cmd.name, c.cmd.args)
	fmt.Fprintf(w, "%s\n", strings.TrimSpace(c.cmd.desc))
	if c.hasFlags() {
		fmt.Fprint(w, "\nFlags:\n")
		c.printFlags(w)
	}
	fmt.Fprint(w, "\nExample:\n")
	for line := range strings.SplitSeq(strings.TrimSpace(c.cmd.example), "\n") {
		fmt.Fprintf(w, "  %s\n", line)
	}
}

func (c *cmdContext) hasFlags() bool {
	n := 0
	c.fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// printFlags lists the flags with two dashes, their value name and usage,
// and the default when it is not the zero value.
func (c *cmdContext) printFlags(w io.Writer) {
	c.fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if bf, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !bf.IsBoolFlag() {
			if name == "" {
				name = "value"
			}
			line += " " + name
		}
		fmt.Fprintln(w, line)
		for l := range strings.SplitSeq(usage, "\n") {
			fmt.Fprintf(w, "        %s\n", l)
		}
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" && f.DefValue != "[]" {
			fmt.Fprintf(w, "        (default %s)\n", f.DefValue)
		}
	})
}

// listFlag is a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string {
	if l == nil || len(*l) == 0 {
		return ""
	}
	return strings.Join(*l, ",")
}

func (l *listFlag) Set(v string) error {
	*l = append(*l, v)
	return nil
}

func (c *cmdContext) list(name, usage string) *listFlag {
	l := new(listFlag)
	c.fs.Var(l, name, usage)
	return l
}

// flagErrorMessage rewrites the flag package's messages with the two-dash
// spelling the help uses: "unknown flag --bogus" rather than "flag provided
// but not defined: -bogus".
func flagErrorMessage(err error) string {
	msg := oneLine(err.Error())
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		return "unknown flag --" + strings.TrimPrefix(name, "-")
	}
	if rest, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return "flag --" + strings.TrimPrefix(rest, "-") + " needs a value"
	}
	return strings.Replace(msg, " for flag -", " for flag --", 1)
}

// flagGiven reports whether the flag was set on the command line.
func (c *cmdContext) flagGiven(name string) bool {
	given := false
	c.fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			given = true
		}
	})
	return given
}
