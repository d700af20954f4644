package devserver

import (
	"crypto/tls"
	"net"
	"net/http"
	"strings"

	"github.com/dolint-dev/dolint/sandbox"
)

// edgeRequest gives r what workerd's edge adds to a request before the
// Worker sees it under wrangler dev: the Host header (Go keeps it apart
// from the others), CF-Connecting-IP with the client's address, and
// request.cf.
func edgeRequest(r *http.Request) *http.Request {
	r.Header.Set("Host", r.Host)
	if ip, _, err := net.SplitHostPort(r.RemoteAddr); err == nil && r.Header.Get("CF-Connecting-IP") == "" {
		r.Header.Set("CF-Connecting-IP", ip)
	}
	return sandbox.WithCF(r, localCF(r))
}

// localCF is request.cf for a request that reached this machine: made-up
// but plausible places (a fixed location, as a local server has no real
// one) and the connection's real protocol and TLS parameters.
func localCF(r *http.Request) map[string]any {
	cf := map[string]any{
		"asn":                        float64(64512), // the first private-use AS number
		"asOrganization":             "Local Network",
		"colo":                       "AMS",
		"country":                    "NL",
		"city":                       "Amsterdam",
		"continent":                  "EU",
		"isEUCountry":                "1",
		"region":                     "North Holland",
		"regionCode":                 "NH",
		"postalCode":                 "1012",
		"metroCode":                  "",
		"latitude":                   "52.37310",
		"longitude":                  "4.89220",
		"timezone":                   "Europe/Amsterdam",
		"clientTcpRtt":               float64(0),
		"httpProtocol":               r.Proto,
		"requestPriority":            "",
		"tlsVersion":                 "",
		"tlsCipher":                  "",
		"edgeRequestKeepAliveStatus": float64(1),
		"clientAcceptEncoding":       r.Header.Get("Accept-Encoding"),
	}
	if r.TLS != nil {
		cf["tlsVersion"] = strings.Replace(tls.VersionName(r.TLS.Version), "TLS ", "TLSv", 1)
		cf["tlsCipher"] = tls.CipherSuiteName(r.TLS.CipherSuite)
	}
	return cf
}
