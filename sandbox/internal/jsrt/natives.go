package jsrt

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"fmt"
	"hash"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dop251/goja"

	"github.com/dolint-dev/dolint/sandbox/internal/clone"
)

// hostNatives are the functions prelude.js builds the Web APIs on, by the
// name it calls them (host.name).
var hostNatives = map[string]func(*Host, goja.FunctionCall) goja.Value{
	// Console output and timers.
	"log":        (*Host).jsLog,
	"setTimer":   (*Host).jsSetTimer,
	"clearTimer": (*Host).jsClearTimer,
	// Values and text.
	"structuredClone": (*Host).jsStructuredClone,
	"atob":            (*Host).jsAtob,
	"btoa":            (*Host).jsBtoa,
	"utf8Encode":      (*Host).jsUTF8Encode,
	"utf8Decode":      (*Host).jsUTF8Decode,
	// Limits: regular expression timing and the memory budget.
	"matchStarted": (*Host).jsMatchStarted,
	"matchEnded":   (*Host).jsMatchEnded,
	"reserve":      (*Host).jsReserve,
	// Web Crypto.
	"digest":     (*Host).jsDigest,
	"hmac":       (*Host).jsHMAC,
	"aesGCM":     (*Host).jsAESGCM,
	"pbkdf2":     (*Host).jsPBKDF2,
	"randomUUID": (*Host).jsRandomUUID,
	"fillRandom": (*Host).jsFillRandom,
	// HTMLRewriter's tokenizer (html.go).
	"htmlTokens": (*Host).jsHTMLTokens,
	// URL parsing and setters.
	"parseURL":   (*Host).jsParseURL,
	"setURLPart": (*Host).jsSetURLPart,
}

func (h *Host) jsLog(c goja.FunctionCall) goja.Value {
	if h.env.Log != nil {
		h.env.Log(c.Argument(0).String(), c.Argument(1).String())
	}
	return goja.Undefined()
}

func (h *Host) jsSetTimer(c goja.FunctionCall) goja.Value {
	fn, ok := goja.AssertFunction(c.Argument(0))
	if !ok {
		panic(h.L.VM.NewTypeError("callback is not a function"))
	}
	ms := c.Argument(1).ToFloat()
	if ms < 0 || ms != ms {
		ms = 0
	}
	return h.L.VM.ToValue(h.setTimer(fn, time.Duration(ms*float64(time.Millisecond)), c.Argument(2).ToBoolean()))
}

func (h *Host) jsClearTimer(c goja.FunctionCall) goja.Value {
	h.clearTimer(c.Argument(0).ToInteger())
	return goja.Undefined()
}

func (h *Host) jsStructuredClone(c goja.FunctionCall) goja.Value {
	b, err := h.Cloner.Serialize(c.Argument(0), clone.Options{})
	if err != nil {
		panic(h.CloneError(err))
	}
	v, err := h.Cloner.Deserialize(b)
	if err != nil {
		panic(h.CloneError(err))
	}
	return v
}

func (h *Host) jsAtob(c goja.FunctionCall) goja.Value {
	s := strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\n' || r == '\f' || r == '\r' {
			return -1
		}
		return r
	}, c.Argument(0).String())
	if len(s)%4 == 0 && strings.HasSuffix(s, "=") {
		s = strings.TrimRight(s, "=")
	}
	b, err := base64.RawStdEncoding.DecodeString(s)
	if err != nil || len(s)%4 == 1 {
		panic(h.DOMException("The string to be decoded is not correctly encoded.", "InvalidCharacterError"))
	}
	rs := make([]rune, len(b))
	for i, x := range b {
		rs[i] = rune(x)
	}
	return h.L.VM.ToValue(string(rs))
}

func (h *Host) jsBtoa(c goja.FunctionCall) goja.Value {
	s := c.Argument(0).String()
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xFF {
			panic(h.DOMException("Invalid character", "InvalidCharacterError"))
		}
		b = append(b, byte(r))
	}
	return h.L.VM.ToValue(base64.StdEncoding.EncodeToString(b))
}

func (h *Host) jsUTF8Encode(c goja.FunctionCall) goja.Value {
	s := c.Argument(0)
	if str, ok := s.(goja.String); ok {
		// UTF-8 takes up to three bytes for each UTF-16 unit.
		h.L.Reserve(3 * float64(str.Length()))
	}
	return h.L.VM.ToValue(h.L.VM.NewArrayBuffer([]byte(s.String())))
}

func (h *Host) jsUTF8Decode(c goja.FunctionCall) goja.Value {
	b := Bytes(c.Argument(0))
	if !utf8.Valid(b) {
		return h.L.VM.ToValue(strings.ToValidUTF8(string(b), "\uFFFD"))
	}
	return h.L.VM.ToValue(string(b))
}

func (h *Host) jsMatchStarted(_ goja.FunctionCall) goja.Value {
	return h.L.VM.ToValue(matchStarted())
}

func (h *Host) jsMatchEnded(c goja.FunctionCall) goja.Value {
	h.L.matchEnded(c.Argument(0).ToInteger())
	return goja.Undefined()
}

func (h *Host) jsReserve(c goja.FunctionCall) goja.Value {
	h.L.Reserve(c.Argument(0).ToFloat())
	return goja.Undefined()
}

// newHash returns the hash of a Web Crypto name, or nil.
func newHash(name string) func() hash.Hash {
	switch name {
	case "SHA-1":
		return sha1.New
	case "SHA-256":
		return sha256.New
	case "SHA-384":
		return sha512.New384
	case "SHA-512":
		return sha512.New
	}
	return nil
}

// jsHMAC computes HMAC(hash, key, data) for HMAC keys' sign and verify.
func (h *Host) jsHMAC(c goja.FunctionCall) goja.Value {
	nh := newHash(c.Argument(0).String())
	if nh == nil {
		panic(h.DOMException("Unrecognized name.", "NotSupportedError"))
	}
	m := hmac.New(nh, Bytes(c.Argument(1)))
	m.Write(Bytes(c.Argument(2)))
	return h.L.VM.ToValue(h.L.VM.NewArrayBuffer(m.Sum(nil)))
}

// jsAESGCM encrypts (or decrypts) data with an AES-GCM key, a nonce and
// additional data, the tag being 128 bits; a ciphertext that does not
// authenticate is workerd's OperationError.
func (h *Host) jsAESGCM(c goja.FunctionCall) goja.Value {
	block, err := aes.NewCipher(Bytes(c.Argument(1)))
	if err != nil {
		panic(h.DOMException("Invalid AES key length.", "DataError"))
	}
	iv := Bytes(c.Argument(2))
	if len(iv) == 0 {
		panic(h.DOMException("AES-GCM IV must not be empty.", "OperationError"))
	}
	aead, err := cipher.NewGCMWithNonceSize(block, len(iv))
	if err != nil {
		panic(h.DOMException(err.Error(), "OperationError"))
	}
	var aad []byte
	if !goja.IsUndefined(c.Argument(4)) {
		aad = Bytes(c.Argument(4))
	}
	data := Bytes(c.Argument(3))
	if c.Argument(0).ToBoolean() {
		return h.L.VM.ToValue(h.L.VM.NewArrayBuffer(aead.Seal(nil, iv, data, aad)))
	}
	out, err := aead.Open(nil, iv, data, aad)
	if err != nil {
		n := max(len(data)-aead.Overhead(), 0)
		panic(h.DOMException(fmt.Sprintf("Decryption failed. This could be due to a ciphertext authentication failure, bad padding, incorrect CryptoKey, or another algorithm-specific reason. Input length was %d, output length expected to be %d for AES-GCM", n, n), "OperationError"))
	}
	return h.L.VM.ToValue(h.L.VM.NewArrayBuffer(out))
}

// jsPBKDF2 derives bits from a password with PBKDF2.
func (h *Host) jsPBKDF2(c goja.FunctionCall) goja.Value {
	nh := newHash(c.Argument(0).String())
	if nh == nil {
		panic(h.DOMException("Unrecognized name.", "NotSupportedError"))
	}
	iter, bits := int(c.Argument(3).ToInteger()), int(c.Argument(4).ToInteger())
	if iter <= 0 {
		panic(h.DOMException("PBKDF2 requires a positive iteration count (requested 0).", "OperationError"))
	}
	out, err := pbkdf2.Key(nh, string(Bytes(c.Argument(1))), Bytes(c.Argument(2)), iter, bits/8)
	if err != nil {
		panic(h.DOMException(err.Error(), "OperationError"))
	}
	return h.L.VM.ToValue(h.L.VM.NewArrayBuffer(out))
}

func (h *Host) jsDigest(c goja.FunctionCall) goja.Value {
	var hh hash.Hash
	switch c.Argument(0).String() {
	case "SHA-1":
		hh = sha1.New()
	case "SHA-256":
		hh = sha256.New()
	case "SHA-384":
		hh = sha512.New384()
	case "SHA-512":
		hh = sha512.New()
	default:
		panic(h.DOMException("Unrecognized name.", "NotSupportedError"))
	}
	hh.Write(Bytes(c.Argument(1)))
	return h.L.VM.ToValue(h.L.VM.NewArrayBuffer(hh.Sum(nil)))
}

func (h *Host) jsRandomUUID(_ goja.FunctionCall) goja.Value {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return h.L.VM.ToValue(fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16]))
}

func (h *Host) jsFillRandom(c goja.FunctionCall) goja.Value {
	b := Bytes(c.Argument(0))
	off, n := int(c.Argument(1).ToInteger()), int(c.Argument(2).ToInteger())
	rand.Read(b[off : off+n])
	return goja.Undefined()
}

func (h *Host) jsParseURL(c goja.FunctionCall) goja.Value {
	var base *string
	if !goja.IsUndefined(c.Argument(1)) {
		s := c.Argument(1).String()
		base = &s
	}
	u := parseURL(c.Argument(0).String(), base)
	if u == nil {
		return goja.Null()
	}
	return urlObject(h.L.VM, u)
}

func (h *Host) jsSetURLPart(c goja.FunctionCall) goja.Value {
	u := parseURL(c.Argument(0).String(), nil)
	if u == nil {
		return goja.Null()
	}
	v := c.Argument(2).String()
	switch c.Argument(1).String() {
	case "href":
		u = parseURL(v, nil)
	case "protocol":
		u.Scheme = strings.ToLower(strings.TrimSuffix(v, ":"))
	case "username":
		_, hasPw := u.User.Password()
		pw, _ := u.User.Password()
		if hasPw {
			u.User = url.UserPassword(v, pw)
		} else {
			u.User = url.User(v)
		}
	case "password":
		u.User = url.UserPassword(u.User.Username(), v)
	case "host":
		u.Host = strings.ToLower(v)
	case "hostname":
		if p := u.Port(); p != "" {
			u.Host = strings.ToLower(v) + ":" + p
		} else {
			u.Host = strings.ToLower(v)
		}
	case "port":
		if v == "" {
			u.Host = u.Hostname()
		} else {
			u.Host = u.Hostname() + ":" + v
		}
	case "pathname":
		if !strings.HasPrefix(v, "/") {
			v = "/" + v
		}
		u.Path, u.RawPath = v, ""
	case "search":
		u.RawQuery = strings.TrimPrefix(v, "?")
		u.ForceQuery = false
	case "hash":
		u.Fragment, u.RawFragment = strings.TrimPrefix(v, "#"), ""
	}
	if u == nil {
		return goja.Null()
	}
	return urlObject(h.L.VM, normalizeURL(u))
}
