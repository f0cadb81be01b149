package content

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// BrandColor is a site's brand colour as "#rrggbb", lower case, dark enough
// to carry white text: the menu bar, buttons and the current page number
// are white on it. The empty colour means the stylesheet's own.
type BrandColor string

// MinBrandContrast is the contrast white text needs on the brand colour
// (WCAG 2 AA for normal text).
const MinBrandContrast = 4.5

// ParseBrandColor checks a colour as typed: "#1d4e89" or "1D4E89". It
// refuses what is no colour and a colour too light for white text.
func ParseBrandColor(s string) (BrandColor, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "", nil
	}
	if !strings.HasPrefix(s, "#") {
		s = "#" + s
	}
	c, ok := parseRGB(s)
	if !ok {
		return "", Problem("Write the colour as # and six hexadecimal digits, such as #1d4e89.")
	}
	if r := min(contrast(c, white), contrast(c, paleGrey)); r < MinBrandContrast {
		return "", Problem(fmt.Sprintf("%s has a contrast of %.1f:1 with white text (and with links on the pale grey boxes); it needs at least %.1f:1. Choose a darker colour.", s, math.Floor(r*10)/10, MinBrandContrast))
	}
	return BrandColor(s), nil
}

var (
	white    = rgb{255, 255, 255}
	paleGrey = rgb{0xf4, 0xf6, 0xf9} // site.css --surface-2, under links
	darkTint = rgb{0x1f, 0x2b, 0x3a} // site.css dark --tint, the lightest ground of dark links
)

// Style is the rule that makes the colour the page's: the brand colour, a
// darker shade for hover, a pale tint for backgrounds, and a light shade
// for links on the dark scheme's background. Empty for no colour.
func (c BrandColor) Style() string {
	v, ok := parseRGB(string(c))
	if !ok {
		return ""
	}
	// The tint lightens until the colour reads on it, the light shade
	// until it reads on the dark scheme's grounds; both end at white.
	tint, light := mix(v, white, 0.1), mix(v, white, 0.35)
	for w := 0.1; contrast(v, tint) < MinBrandContrast && w > 0; w -= 0.02 {
		tint = mix(v, white, max(w-0.02, 0))
	}
	for w := 0.35; contrast(light, darkTint) < MinBrandContrast && w > 0; w -= 0.05 {
		light = mix(v, white, max(w-0.05, 0))
	}
	return ":root{--brand:" + string(c) + ";--brand-dark:" + mix(v, rgb{}, 0.75).hex() +
		";--brand-tint:" + tint.hex() + ";--brand-light:" + light.hex() + "}"
}

type rgb struct{ r, g, b float64 }

func parseRGB(s string) (rgb, bool) {
	if len(s) != 7 || s[0] != '#' {
		return rgb{}, false
	}
	n, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return rgb{}, false
	}
	return rgb{float64(n >> 16), float64(n >> 8 & 0xff), float64(n & 0xff)}, true
}

func (c rgb) hex() string {
	return fmt.Sprintf("#%02x%02x%02x", int(math.Round(c.r)), int(math.Round(c.g)), int(math.Round(c.b)))
}

// mix is w of a and 1-w of b, channel by channel.
func mix(a, b rgb, w float64) rgb {
	return rgb{a.r*w + b.r*(1-w), a.g*w + b.g*(1-w), a.b*w + b.b*(1-w)}
}

// luminance is WCAG 2's relative luminance.
func (c rgb) luminance() float64 {
	ch := func(v float64) float64 {
		v /= 255
		if v <= 0.04045 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(c.r) + 0.7152*ch(c.g) + 0.0722*ch(c.b)
}

// contrast is WCAG 2's contrast ratio of two colours.
func contrast(a, b rgb) float64 {
	la, lb := a.luminance(), b.luminance()
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// Contrast is the contrast ratio of two "#rrggbb" colours; 0 when either
// is not one.
func Contrast(a, b string) float64 {
	x, ok1 := parseRGB(a)
	y, ok2 := parseRGB(b)
	if !ok1 || !ok2 {
		return 0
	}
	return contrast(x, y)
}
