package devserver

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// devSecrets reads the secrets wrangler dev gives the Worker besides its
// vars: .dev.vars.<env> or .dev.vars beside the config, else the .env
// files (.env, .env.local, .env.<env>, .env.<env>.local; a later file's
// values win). It returns them with the files they came from. The
// process's own environment is never read.
func devSecrets(configDir, env string) (map[string]string, []string, error) {
	var devVars []string
	if env != "" {
		devVars = append(devVars, ".dev.vars."+env)
	}
	for _, name := range append(devVars, ".dev.vars") {
		src, err := os.ReadFile(filepath.Join(configDir, name))
		if err == nil {
			vals, err := parseDotenv(string(src))
			if err != nil {
				return nil, nil, fmt.Errorf("%s:%v", filepath.Join(configDir, name), strings.TrimPrefix(err.Error(), "line "))
			}
			return vals, []string{name}, nil
		}
	}
	files := []string{".env", ".env.local"}
	if env != "" {
		files = append(files, ".env."+env, ".env."+env+".local")
	}
	out := map[string]string{}
	var used []string
	for _, name := range files {
		src, err := os.ReadFile(filepath.Join(configDir, name))
		if err != nil {
			continue
		}
		vals, err := parseDotenv(string(src))
		if err != nil {
			return nil, nil, fmt.Errorf("%s:%v", filepath.Join(configDir, name), strings.TrimPrefix(err.Error(), "line "))
		}
		for k, v := range vals {
			out[k] = v
		}
		used = append(used, name)
	}
	return out, used, nil
}

// parseDotenv reads KEY=VALUE lines as wrangler reads .dev.vars and .env
// files: "export " may precede the key; a value may be quoted with ', " or
// ` and then span lines (double quotes turn \n and \r into line breaks); an
// unquoted value ends at a # and is trimmed; other lines are skipped.
func parseDotenv(src string) (map[string]string, error) {
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	out := map[string]string{}
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		line = strings.TrimPrefix(line, "export ")
		key, rest, ok := strings.Cut(line, "=")
		key = strings.TrimSpace(key)
		if !ok || !validEnvKey(key) {
			continue
		}
		rest = strings.TrimLeft(rest, " \t")
		if rest != "" && strings.ContainsRune("'\"`", rune(rest[0])) {
			start := i + 1
			q := rest[0]
			body := rest[1:]
			// A quoted value may go on over the next lines.
			for end := closingQuote(body, q); end < 0 && i+1 < len(lines); end = closingQuote(body, q) {
				i++
				body += "\n" + lines[i]
			}
			if end := closingQuote(body, q); end >= 0 {
				v := body[:end]
				if q == '"' {
					v = strings.NewReplacer(`\n`, "\n", `\r`, "\r").Replace(v)
				}
				out[key] = v
				continue
			}
			return nil, fmt.Errorf("line %d: the value of %s has no closing %c", start, key, q)
		}
		if j := strings.IndexByte(rest, '#'); j >= 0 {
			rest = rest[:j]
		}
		out[key] = strings.TrimSpace(rest)
	}
	return out, nil
}

// closingQuote is the index of the first q in s not preceded by a
// backslash, or -1.
func closingQuote(s string, q byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == q && (i == 0 || s[i-1] != '\\') {
			return i
		}
	}
	return -1
}

func validEnvKey(k string) bool {
	if k == "" {
		return false
	}
	for _, r := range k {
		if !(r == '_' || r == '.' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}
