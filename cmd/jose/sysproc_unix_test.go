//go:build linux || darwin || freebsd || netbsd || openbsd

package main

import "syscall"

// noTerminal starts the child in a new session, without a controlling
// terminal, so that /dev/tty cannot be opened and no test can ever wait at
// a password prompt.
func noTerminal() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setsid: true}
}
