// Package esbuildpeer holds the peer benchmark for jsast: esbuild's Go API
// run over the same corpus, so that jsast's parse speed can be quoted as a
// ratio measured in the same run (see bench/parse.sh).
//
// esbuild has no public parse-only entry point; Transform parses and then
// prints, with every transform that can be off turned off. Its figure is
// therefore a little slower than esbuild's parser alone, which favours jsast
// in the ratio by that margin.
package esbuildpeer
