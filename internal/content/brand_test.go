package content

import (
	"regexp"
	"testing"
)

// TestBrandColor: a colour is taken when white text and links on the
// pale grey read on it; the shades it makes read where they are used.
func TestBrandColor(t *testing.T) {
	for in, want := range map[string]BrandColor{"#1D4E89": "#1d4e89", "7a1f3d": "#7a1f3d", " ": "", "#595959": "#595959"} {
		if got, err := ParseBrandColor(in); err != nil || got != want {
			t.Errorf("ParseBrandColor(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"#12345", "#1234567", "#12345g", "red", "#767676", "#ffcc00"} {
		if _, err := ParseBrandColor(in); err == nil {
			t.Errorf("ParseBrandColor(%q) took it", in)
		}
	}
	shade := regexp.MustCompile(`--brand-(tint|light):(#[0-9a-f]{6})`)
	for _, c := range []BrandColor{"#1d4e89", "#595959", "#0000ee", "#b3261e", "#000000"} {
		m := shade.FindAllStringSubmatch(c.Style(), -1)
		if len(m) != 2 {
			t.Fatalf("%s: %s", c, c.Style())
		}
		if r := Contrast(string(c), m[0][2]); r < MinBrandContrast {
			t.Errorf("%s on its tint %s: %.2f", c, m[0][2], r)
		}
		if r := Contrast(m[1][2], "#1f2b3a"); r < MinBrandContrast {
			t.Errorf("%s's light shade %s on the dark tint: %.2f", c, m[1][2], r)
		}
	}
	if got := BrandColor("#1d4e89").Style(); got != ":root{--brand:#1d4e89;--brand-dark:#163b67;--brand-tint:#e8edf3;--brand-light:#b0c1d6}" {
		t.Errorf("the default's rule changed (site.css has its values): %s", got)
	}
}
