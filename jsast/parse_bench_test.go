package jsast

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type benchFile struct {
	name string
	src  []byte
}

func isSourceFile(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs":
		return true
	}
	return false
}

// benchFiles returns the testdata sources plus, when DOLINT_CORPUS names a
// directory, every source file below it.
func benchFiles(tb testing.TB) []benchFile {
	var files []benchFile
	add := func(root string) {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !isSourceFile(path) {
				return nil
			}
			src, err := os.ReadFile(path)
			if err == nil {
				files = append(files, benchFile{path, src})
			}
			return nil
		})
	}
	add("testdata")
	if dir := os.Getenv("DOLINT_CORPUS"); dir != "" {
		add(dir)
	}
	if len(files) == 0 {
		tb.Skip("no source files")
	}
	return files
}

func totalBytes(files []benchFile) int64 {
	var total int64
	for _, f := range files {
		total += int64(len(f.src))
	}
	return total
}

// BenchmarkParse reports MB/s and allocations for parsing the local
// sources (see benchFiles).
func BenchmarkParse(b *testing.B) {
	files := benchFiles(b)
	b.SetBytes(totalBytes(files))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, f := range files {
			Parse(f.name, f.src)
		}
	}
}

// BenchmarkParseNewGoroutine parses each file on a goroutine of its own,
// as a lint run does, so that it counts the growth of a new goroutine's
// stack (see reserveStack).
func BenchmarkParseNewGoroutine(b *testing.B) {
	files := benchFiles(b)
	b.SetBytes(totalBytes(files))
	b.ReportAllocs()
	b.ResetTimer()
	done := make(chan struct{})
	for b.Loop() {
		for _, f := range files {
			go func() {
				Parse(f.name, f.src)
				done <- struct{}{}
			}()
			<-done
		}
	}
}

// BenchmarkLex measures the lexer alone over the same sources.
func BenchmarkLex(b *testing.B) {
	files := benchFiles(b)
	b.SetBytes(totalBytes(files))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, f := range files {
			lexAll(f.src)
		}
	}
}

// lexAll tokenizes src without a parser: '/' is a regular expression
// when the previous token cannot end an expression, and '}' is always
// punctuation (template continuations need parser context).
func lexAll(src []byte) int {
	l := lexer{src: src}
	n := 0
	prev := TEOF
	for {
		l.next()
		if l.tok == TEOF {
			return n
		}
		if (l.tok == TSlash || l.tok == TSlashEquals) && !endsExpression(prev) {
			l.rescanSlash()
		}
		prev = l.tok
		n++
		if n > len(src)+1 {
			panic("lexer made no progress")
		}
	}
}

func endsExpression(t Token) bool {
	switch t {
	case TIdentifier, TNumber, TBigInt, TString, TNoSubstitutionTemplate, TTemplateTail, TRegExp,
		TCloseParen, TCloseBracket, TCloseBrace, TThis, TSuper, TNull, TTrue, TFalse, TPlusPlus, TMinusMinus:
		return true
	}
	return t > firstContextual
}

func TestTestdataParses(t *testing.T) {
	for _, f := range benchFiles(t) {
		if !strings.HasPrefix(f.name, "testdata") {
			continue
		}
		pf := Parse(f.name, f.src)
		for _, e := range pf.Errors {
			t.Errorf("%s", pf.ErrorString(e))
		}
	}
}
