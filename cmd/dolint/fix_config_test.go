package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// migrated reports whether a project's config got the migration that
// missingmigration's fix adds for class B.
func migrated(t *testing.T, dir, project string) bool {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, project, "wrangler.jsonc"))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Contains(string(b), `"new_sqlite_classes": ["B"]`)
}

// dolint fix reads .dolint.jsonc as the lint command does: a rule turned
// off is not fixed, ignored projects and files are left alone, and the
// configured severities and failOn decide the exit code.
func TestFixHonoursConfigFile(t *testing.T) {
	t.Run("rule off", func(t *testing.T) {
		dir := repo(t)
		writeTree(t, dir, "one/.dolint.jsonc", `{ "rules": { "missingmigration": "off" } }`)
		code, stdout, stderr := dolint(t, dir, "fix", "./...")
		if migrated(t, dir, "one") || !migrated(t, dir, "two") {
			t.Errorf("one/ turns missingmigration off, two/ does not:\n%s%s", stdout, stderr)
		}
		if code != exitOK || !strings.Contains(stderr, "1 fix applied") {
			t.Errorf("exit %d:\n%s%s", code, stdout, stderr)
		}
		// --rule names the rule as --enable does: it overrides "off".
		code, stdout, stderr = dolint(t, dir, "fix", "--rule", "missingmigration", "./...")
		if !migrated(t, dir, "one") || code != exitOK {
			t.Errorf("--rule missingmigration: exit %d:\n%s%s", code, stdout, stderr)
		}
	})

	t.Run("ignored project", func(t *testing.T) {
		dir := repo(t)
		writeTree(t, dir, ".dolint.jsonc", `{ "ignore": ["two/**"] }`)
		_, stdout, stderr := dolint(t, dir, "fix", "./...")
		if !migrated(t, dir, "one") || migrated(t, dir, "two") {
			t.Errorf("two/ is ignored:\n%s%s", stdout, stderr)
		}
	})

	t.Run("ignored file", func(t *testing.T) {
		// unexportedclass reports the binding in wrangler.jsonc, and its
		// fix edits the source, which is ignored (generated, say).
		dir := repo(t)
		src := strings.Replace(badSource, "export class A", "class A", 1)
		writeTree(t, dir,
			".dolint.jsonc", `{ "ignore": ["index.ts"] }`,
			"one/src/index.ts", src,
		)
		code, stdout, stderr := dolint(t, dir, "fix", "one")
		if b, _ := os.ReadFile(filepath.Join(dir, "one", "src", "index.ts")); string(b) != src {
			t.Errorf("an ignored file was fixed:\n%s", b)
		}
		if !migrated(t, dir, "one") {
			t.Errorf("the fix of the configuration was not applied:\n%s%s", stdout, stderr)
		}
		if code != exitFindings || !strings.Contains(stderr, "; 1 error, 1 warning remain\n") {
			t.Errorf("the unexportedclass error and the kvbackend warning should remain: exit %d:\n%s%s", code, stdout, stderr)
		}
	})

	t.Run("severities and failOn", func(t *testing.T) {
		dir := repo(t)
		// After the fix only the kvbackend warning remains.
		code, _, stderr := dolint(t, dir, "fix", "one")
		if code != exitOK || !strings.Contains(stderr, "; 1 warning remains\n") {
			t.Errorf("a warning remains, below the default failOn: exit %d: %s", code, stderr)
		}
		writeTree(t, dir, ".dolint.jsonc", `{ "rules": { "kvbackend": "error" } }`)
		if code, _, stderr = dolint(t, dir, "fix", "one"); code != exitFindings || !strings.Contains(stderr, "; 1 error remains\n") {
			t.Errorf("kvbackend configured as an error: exit %d: %s", code, stderr)
		}
		writeTree(t, dir, ".dolint.jsonc", `{ "failOn": "warning" }`)
		if code, _, stderr = dolint(t, dir, "fix", "one"); code != exitFindings || !strings.Contains(stderr, "; 1 warning remains\n") {
			t.Errorf("failOn warning: exit %d: %s", code, stderr)
		}
		// The flag overrides the file.
		if code, _, stderr = dolint(t, dir, "fix", "--fail-on", "error", "one"); code != exitOK {
			t.Errorf("--fail-on error over failOn warning: exit %d: %s", code, stderr)
		}
	})

	t.Run("bad config file", func(t *testing.T) {
		dir := repo(t)
		writeTree(t, dir, ".dolint.jsonc", "{\n  \"rules\": { \"missingmigrations\": \"off\" }\n}\n")
		code, _, stderr := dolint(t, dir, "fix", "./...")
		if code != exitError || !strings.Contains(stderr, `.dolint.jsonc:2:`) || !strings.Contains(stderr, `unknown rule "missingmigrations"`) {
			t.Errorf("exit %d: %s", code, stderr)
		}
		if migrated(t, dir, "one") || migrated(t, dir, "two") {
			t.Errorf("fixes were written despite a bad configuration file")
		}
	})
}
