package htmlcheck

import (
	"strings"
	"testing"
)

// TestFundingRuleViolations shows the check passes good blocks and catches
// each way of breaking the rules.
func TestFundingRuleViolations(t *testing.T) {
	good := `<section class="funding"><div class="funder funder-eu">` +
		`<img class="eu-emblem" src="/e.svg" width="96" height="64" data-logo-height="64" alt="European Union emblem">` +
		`<p>Funded by the European Union</p></div>` +
		`<div><img src="/l.png" width="120" height="64" data-logo-height="64" alt="Centre"></div></section>`
	tests := []struct {
		name string
		page string
		want string // a word of the expected violation; "" for none
	}{
		{"good", good, ""},
		{"co-funded", strings.Replace(good, "Funded by", "Co-funded by", 1), ""},
		{"no funding block", `<p>Funded by the European Union</p>`, ""},
		{"derogation: no EU at all", `<section class="funding"><p>Implemented by X</p><img src="/x.png" height="500" alt="X"></section>`, ""},
		{"statement in another element",
			`<section class="funding"><div class="funder-eu"><img class="eu-emblem" height="64" data-logo-height="64" alt="EU"></div>` +
				`<div><p>Funded by the European Union</p></div></section>`, "without the statement"},
		{"statement hidden",
			strings.Replace(good, "<p>Funded", `<p class="visually-hidden">Funded`, 1), "without the statement"},
		{"wrong statement",
			strings.Replace(good, "Funded by the European Union", "Supported by the EU", 1), "without the statement"},
		{"logo taller than the emblem",
			strings.Replace(good, `height="64" data-logo-height="64" alt="Centre"`, `height="200" data-logo-height="200" alt="Centre"`, 1), "taller"},
		{"logo without data-logo-height",
			strings.Replace(good, `data-logo-height="64" alt="Centre"`, `alt="Centre"`, 1), "no data-logo-height"},
		{"height attribute lies",
			strings.Replace(good, `height="64" data-logo-height="64" alt="Centre"`, `height="300" data-logo-height="64" alt="Centre"`, 1), "differs"},
		{"emblem without data-logo-height",
			strings.Replace(good, `data-logo-height="64" alt="European`, `alt="European`, 1), "no data-logo-height"},
		{"two blocks that agree", good + good, ""},
		{"footer says funded, the project co-funded", good + strings.Replace(good, "Funded by", "Co-funded by", 1), "both"},
		{"statement without emblem",
			`<section class="funding"><p>Funded by the European Union</p></section>`, "without the EU emblem"},
		{"second block broken",
			good + `<footer><div class="funding"><img class="eu-emblem" height="64" data-logo-height="64" alt="EU"></div></footer>`, "funding block 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := FundingRuleViolations(tt.page)
			if tt.want == "" {
				if len(got) > 0 {
					t.Fatalf("violations in a good page: %q", got)
				}
				return
			}
			if len(got) == 0 {
				t.Fatalf("no violation found, want one about %q", tt.want)
			}
			if !strings.Contains(strings.Join(got, "\n"), tt.want) {
				t.Errorf("violations %q, want one about %q", got, tt.want)
			}
		})
	}
}
