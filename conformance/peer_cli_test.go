package conformance

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"runtime"
)

// cliName is the jose command-line tool (cmd/jose) in the matrix. Its
// driver, peers/cli, runs the tool once per operation, so the columns
// ours→jose-cli and jose-cli→ours check that the tool and the library it is
// built on agree.
const cliName = "jose-cli"

// buildCLI builds cmd/jose and its driver into dir with one go build, and
// returns the driver's argv. The peer needs only Go, so it is never
// skipped: a build failure fails the test.
func buildCLI(dir string) ([]string, error) {
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := exec.LookPath(goTool); err != nil {
		goTool = "go"
	}
	cmd := exec.Command(goTool, "build", "-o", dir+string(filepath.Separator), "../cmd/jose", "./peers/cli")
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go build cmd/jose and peers/cli: %v\n%s", err, out)
	}
	driver := filepath.Join(dir, "cli")
	if runtime.GOOS == "windows" {
		driver += ".exe"
	}
	return []string{driver}, nil
}
