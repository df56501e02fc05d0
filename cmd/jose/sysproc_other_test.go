//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package main

import "syscall"

// noTerminal is nil where there is no /dev/tty to hide.
func noTerminal() *syscall.SysProcAttr { return nil }
