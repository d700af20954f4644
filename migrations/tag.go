package migrations

import (
	"fmt"
	"regexp"
	"strconv"
)

var (
	numbered = regexp.MustCompile(`^(.*?)([0-9]+)$`)
	dateLike = regexp.MustCompile(`[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{8}`)
)

// NextTag continues a list's tag scheme for a new last step: v1, v2 → v3;
// v01 → v02; "1", "2" → "3". The scheme is the last tag's; the counter
// is one past the highest of that scheme. Tags that are dates or
// otherwise not counters give v<n+1>, n being the number of tags. The
// result is never one of tags, so a caller that passes the tags an
// earlier version of the list used too never reuses a deployed tag.
func NextTag(tags []string) string {
	used := map[string]bool{}
	for _, t := range tags {
		used[t] = true
	}
	if len(tags) == 0 {
		return "v1"
	}
	last := tags[len(tags)-1]
	m := numbered.FindStringSubmatch(last)
	if m == nil || dateLike.MatchString(last) {
		return unused(used, "v", len(tags)+1, 0)
	}
	prefix, digits := m[1], m[2]
	width := 0
	if len(digits) > 1 && digits[0] == '0' {
		width = len(digits)
	}
	n := 0
	for _, t := range tags {
		if tm := numbered.FindStringSubmatch(t); tm != nil && tm[1] == prefix {
			if v, err := strconv.Atoi(tm[2]); err == nil && v > n {
				n = v
			}
		}
	}
	return unused(used, prefix, n+1, width)
}

func unused(used map[string]bool, prefix string, n, width int) string {
	for {
		t := fmt.Sprintf("%s%0*d", prefix, width, n)
		if !used[t] {
			return t
		}
		n++
	}
}
