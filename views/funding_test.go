package views

import (
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"orgsite/internal/content"
	"orgsite/internal/testkit/htmlcheck"
)

// bigLogo is an implementer logo three times the height of the emblem.
var bigLogo = content.Partner{ID: 9, Name: "Big Implementer", Logo: "/media/logos/big.png", LogoWidth: 400, LogoHeight: 200}

func TestFundingBlock(t *testing.T) {
	ministryFunder := ministry
	tests := []struct {
		name         string
		edit         func(*content.Project)
		emblem       bool
		statement    string   // the sentence beside the emblem
		wantText     []string // more text the block must show
		notWantText  []string
		wantNoOutput bool
	}{
		{
			name:      "EU funded, big implementer logo",
			edit:      func(p *content.Project) { p.Implementers = []content.Partner{bigLogo, centre} },
			emblem:    true,
			statement: "Funded by the European Union",
			wantText:  []string{"Implemented by Big Implementer and International Migration Policy Centre"},
		},
		{
			name: "EU co-funded with another funder",
			edit: func(p *content.Project) {
				p.Statement = content.StatementCoFunded
				p.Funders = append(p.Funders, ministryFunder)
			},
			emblem:      true,
			statement:   "Co-funded by the European Union",
			wantText:    []string{"Funded by Ministry of Foreign Affairs of Azerbaijan"},
			notWantText: []string{"Funded by the European Union"},
		},
		{
			name: "derogation",
			edit: func(p *content.Project) {
				p.Derogation, p.DerogationReason = true, "Staff safety in the field"
				p.Funders = append(p.Funders, ministryFunder)
			},
			wantText:    []string{"Funded by Ministry of Foreign Affairs of Azerbaijan", "Implemented by International Migration Policy Centre"},
			notWantText: []string{"European Union", "eu-emblem", "eu.svg"},
		},
		{
			name:        "no EU funder",
			edit:        func(p *content.Project) { p.Funders = []content.Partner{ministryFunder} },
			wantText:    []string{"Funded by Ministry of Foreign Affairs of Azerbaijan"},
			notWantText: []string{"European Union", "eu-emblem"},
		},
		{
			name: "nothing to show",
			edit: func(p *content.Project) {
				p.Derogation, p.Implementers = true, nil
			},
			wantNoOutput: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := sampleProject()
			tt.edit(&p)
			out := render(t, FundingBlock(Site{}, p))
			if tt.wantNoOutput {
				if strings.TrimSpace(out) != "" {
					t.Fatalf("want no output, got %s", out)
				}
				return
			}
			doc := htmlcheck.Parse(t, out)
			secs := htmlcheck.FindAll(doc, func(n *html.Node) bool { return htmlcheck.HasClass(n, "funding") })
			if len(secs) != 1 || secs[0].DataAtom != atom.Section || htmlcheck.Attr(secs[0], "aria-label") != "Funding" {
				t.Fatalf(`want one <section class="funding" aria-label="Funding">, got %s`, out)
			}
			text := htmlcheck.Text(secs[0])
			for _, w := range tt.wantText {
				if !strings.Contains(text, w) {
					t.Errorf("block lacks %q: %s", w, text)
				}
			}
			for _, w := range tt.notWantText {
				if strings.Contains(out, w) {
					t.Errorf("block has %q: %s", w, out)
				}
			}

			emblems := htmlcheck.FindAll(doc, func(n *html.Node) bool { return htmlcheck.HasClass(n, "eu-emblem") })
			if !tt.emblem {
				if len(emblems) > 0 {
					t.Fatalf("an EU emblem where none may be: %s", out)
				}
				return
			}
			if len(emblems) != 1 {
				t.Fatalf("%d EU emblems, want 1", len(emblems))
			}
			e := emblems[0]

			// Emblem and statement share one element, side by side.
			parent := e.Parent
			if !htmlcheck.HasClass(parent, "funder-eu") {
				t.Errorf("emblem's parent is <%s class=%q>, want .funder-eu", parent.Data, htmlcheck.Attr(parent, "class"))
			}
			if got := htmlcheck.Text(parent); got != tt.statement {
				t.Errorf("the emblem's element says %q, want %q", got, tt.statement)
			}

			// The emblem is at least as high as every other logo.
			eh := mustAtoi(t, htmlcheck.Attr(e, "height"))
			if htmlcheck.Attr(e, "data-logo-height") != htmlcheck.Attr(e, "height") || eh != logoMaxHeight {
				t.Errorf("emblem height %q, data-logo-height %q, want %d", htmlcheck.Attr(e, "height"), htmlcheck.Attr(e, "data-logo-height"), logoMaxHeight)
			}
			if w := mustAtoi(t, htmlcheck.Attr(e, "width")); w != eh*3/2 {
				t.Errorf("emblem %d×%d, want 3:2", w, eh)
			}
			for _, img := range htmlcheck.ByAtom(doc, atom.Img) {
				if img == e {
					continue
				}
				h := mustAtoi(t, htmlcheck.Attr(img, "height"))
				if h > eh || htmlcheck.Attr(img, "data-logo-height") != htmlcheck.Attr(img, "height") {
					t.Errorf("logo %q: height %d, data-logo-height %q; the emblem is %d", htmlcheck.Attr(img, "alt"), h, htmlcheck.Attr(img, "data-logo-height"), eh)
				}
				if htmlcheck.Attr(img, "alt") == bigLogo.Name {
					// 400×200 scaled to the emblem's height keeps its 2:1 shape.
					if w := htmlcheck.Attr(img, "width"); w != "128" || h != 64 {
						t.Errorf("big logo drawn %s×%d, want 128×64", w, h)
					}
				}
			}
			if v := htmlcheck.FundingRuleViolations(out); len(v) > 0 {
				t.Errorf("FundingRuleViolations: %q", v)
			}
		})
	}
}

func mustAtoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return n
}

func TestLogoSize(t *testing.T) {
	tests := []struct{ w, h, wantW, wantH int }{
		{400, 200, 128, 64},   // too high: scaled to the emblem's height
		{360, 96, 240, 64},    // centre.svg
		{1000, 100, 240, 24},  // very wide: capped in width too
		{100, 30, 100, 30},    // small: never enlarged
		{0, 0, 64, 64},        // unknown: a square box
		{50, 5000, 1, 64},     // a sliver still has a size
		{810, 540, 96, 64},    // the emblem's own proportions
		{240, 80, 192, 64},    // iom-placeholder.svg
		{2000, 2000, 64, 64},  // square
		{300, 64, 240, 51},    // wide at the limit height
		{64, 64, 64, 64},      // exactly at the limit
		{241, 10, 240, 10},    // rounding
		{1000, 1, 240, 1},     // never zero
		{1, 1000, 1, 64},      // never zero
		{640, 427, 96, 64},    // a photo
		{200, 80, 160, 64},    // ministry.svg
		{280, 80, 224, 64},    // state-migration.svg
		{100, 65, 98, 64},     // just over the limit
		{100, 64, 100, 64},    // at the limit
		{1920, 1080, 114, 64}, // 16:9
	}
	for _, tt := range tests {
		w, h := logoSize(tt.w, tt.h)
		if w != tt.wantW || h != tt.wantH {
			t.Errorf("logoSize(%d, %d) = %d×%d, want %d×%d", tt.w, tt.h, w, h, tt.wantW, tt.wantH)
		}
		if h > logoMaxHeight || w > logoMaxWidth {
			t.Errorf("logoSize(%d, %d) = %d×%d, larger than the limit", tt.w, tt.h, w, h)
		}
	}
}

// TestFundingOnProjectPage runs the check on a whole project page, whose
// funding block appears twice: at the top and in the footer.
func TestFundingOnProjectPage(t *testing.T) {
	site := sampleSite()
	p := sampleProject()
	p.Implementers = []content.Partner{bigLogo}
	site.Funding = &p
	page := render(t, ProjectItem(site, ProjectPage{Meta: meta(p.Title, "/projects/mobilaze"), Item: p}))
	if n := strings.Count(page, `class="funding"`); n != 2 {
		t.Errorf("%d funding blocks, want 2 (top and footer)", n)
	}
	if v := htmlcheck.FundingRuleViolations(page); len(v) > 0 {
		t.Errorf("violations: %q", v)
	}
	// Break it the way a careless template would: the statement moved away.
	broken := strings.Replace(page, `<p class="funding-statement">Funded by the European Union</p>`, "", 1)
	if v := htmlcheck.FundingRuleViolations(broken); len(v) == 0 {
		t.Error("the check missed an emblem without its statement")
	}
}
