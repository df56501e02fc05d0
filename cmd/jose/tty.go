package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strings"
)

// isTerminal reports whether f is a character device, which is what a
// terminal is, without golang.org/x/term.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// useColour reports whether to colour output: only on a terminal, and never
// when NO_COLOR is set (https://no-color.org) or TERM is "dumb".
func (e *env) useColour() bool {
	return e.stdoutTTY && e.getenv("NO_COLOR") == "" && e.getenv("TERM") != "dumb"
}

// ANSI SGR sequences for inspect.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

// errNoTerminal is returned when a password is needed but there is no
// terminal to ask it on (or its echo cannot be turned off).
var errNoTerminal = &usageError{msg: "a PBES2 password is needed and there is no terminal to prompt on: use --password-file FILE or --password-env NAME", noHint: true}

// promptPassword asks for a password on the controlling terminal with echo
// turned off (through stty(1), so that no terminal library is needed), and
// asks a second time to confirm when confirm is set.
func promptPassword(confirm bool) (string, error) {
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return "", errNoTerminal
	}
	defer tty.Close()
	if err := stty(tty, "-echo"); err != nil {
		return "", errNoTerminal
	}
	// Restore echo however the prompt ends, including on Ctrl-C.
	sig := make(chan os.Signal, 1)
	done := make(chan struct{})
	signal.Notify(sig, os.Interrupt)
	go func() {
		select {
		case <-sig:
			stty(tty, "echo")
			fmt.Fprintln(tty)
			os.Exit(130)
		case <-done:
		}
	}()
	defer func() {
		signal.Stop(sig)
		close(done)
		stty(tty, "echo")
	}()

	r := bufio.NewReader(tty)
	read := func(prompt string) (string, error) {
		fmt.Fprint(tty, prompt)
		line, err := r.ReadString('\n')
		fmt.Fprintln(tty)
		if err != nil && line == "" {
			return "", errors.New("no password entered")
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	pw, err := read("Password: ")
	if err != nil {
		return "", err
	}
	if confirm {
		again, err := read("Confirm password: ")
		if err != nil {
			return "", err
		}
		if again != pw {
			return "", usagef("the passwords do not match")
		}
	}
	return pw, nil
}

func stty(tty *os.File, arg string) error {
	cmd := exec.Command("stty", arg)
	cmd.Stdin = tty
	return cmd.Run()
}
