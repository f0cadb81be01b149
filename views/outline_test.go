package views

import (
	"strings"
	"testing"
)

// TestOutline: a body with three h2 headings gets contents; a heading
// without an id gets one, one with an id keeps it; a shorter body none.
func TestOutline(t *testing.T) {
	body := `<h2 id="why">Why &amp; how</h2><p>a</p><h2>Sessions</h2><h3>Skip</h3><h2 id="next">What <em>next</em></h2>`
	out, toc := outline(body)
	want := []Heading{{"why", "Why & how"}, {"section-2", "Sessions"}, {"next", "What next"}}
	if len(toc) != len(want) {
		t.Fatalf("contents %v, want %v", toc, want)
	}
	for i := range want {
		if toc[i] != want[i] {
			t.Errorf("entry %d = %v, want %v", i, toc[i], want[i])
		}
	}
	if !strings.Contains(out, `<h2 id="section-2">Sessions</h2>`) || !strings.Contains(out, `<h2 id="why">Why &amp; how</h2>`) {
		t.Errorf("body: %s", out)
	}
	short := `<h2 id="a">A</h2><h2>B</h2>`
	if out, toc := outline(short); out != short || toc != nil {
		t.Errorf("a short body got contents: %v", toc)
	}
}
