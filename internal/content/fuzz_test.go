package content

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSplitList: a comma-separated field gives clean, distinct items.
func FuzzSplitList(f *testing.F) {
	for _, s := range []string{"", "Events, Project news", " a ,, b ,a", "Şəki,şəki", "\t\n,", strings.Repeat("x,", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		seen := map[string]bool{}
		for _, it := range SplitList(in) {
			if it == "" || it != strings.TrimSpace(it) || strings.Contains(it, ",") || strings.Contains(it, "  ") {
				t.Fatalf("%q gave item %q", in, it)
			}
			if seen[strings.ToLower(it)] {
				t.Fatalf("%q gave %q twice", in, it)
			}
			seen[strings.ToLower(it)] = true
			if utf8.ValidString(in) && !utf8.ValidString(it) {
				t.Fatalf("valid input %q gave invalid item %q", in, it)
			}
		}
	})
}
