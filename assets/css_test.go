package assets

import (
	"regexp"
	"strings"
	"testing"
)

var cssComment = regexp.MustCompile(`(?s)/\*.*?\*/`)

// TestStylesheetsWellFormed: every rule is closed, and no style rule holds
// another. A brace lost in a merge once turned the rest of site.css into
// rules nested in the one before (CSS nesting), which browsers accept
// silently: the styles after it simply stopped applying.
func TestStylesheetsWellFormed(t *testing.T) {
	names, err := files.ReadDir("css")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		b, err := files.ReadFile("css/" + n.Name())
		if err != nil {
			t.Fatal(err)
		}
		src := cssComment.ReplaceAllString(string(b), "")
		var stack []string // the preludes of the open blocks
		line, start := 1, 0
		for i, r := range src {
			switch r {
			case '\n':
				line++
			case '{':
				prelude := strings.TrimSpace(src[start:i])
				if k := len(stack); k > 0 && !strings.HasPrefix(stack[k-1], "@") {
					t.Errorf("%s:%d: %q opens inside the rule %q: a brace is missing before it", n.Name(), line, prelude, stack[k-1])
				}
				stack = append(stack, prelude)
				start = i + 1
			case '}':
				if len(stack) == 0 {
					t.Errorf("%s:%d: a } closes nothing", n.Name(), line)
				} else {
					stack = stack[:len(stack)-1]
				}
				start = i + 1
			case ';':
				start = i + 1
			}
		}
		if len(stack) > 0 {
			t.Errorf("%s: %d blocks never closed, the first %q", n.Name(), len(stack), stack[0])
		}
	}
}
