package wordpress

import (
	"regexp"
	"strings"
	"testing"
)

// The wanted outputs are those of WordPress's own wpautop() (WordPress
// 6.x, wp-includes/formatting.php, run with php-cli on each input).
func TestAutop(t *testing.T) {
	tests := []struct{ in, want string }{
		{"First line\nsecond line\n\nNew paragraph.", "<p>First line<br />\nsecond line</p>\n<p>New paragraph.</p>\n"},
		{"Intro\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\nAfter the list.", "<p>Intro</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<p>After the list.</p>\n"},
		{"<h2>Title</h2>\nText under it.\n\n<blockquote>Quoted\nline</blockquote>", "<h2>Title</h2>\n<p>Text under it.</p>\n<blockquote><p>Quoted<br />\nline</p></blockquote>\n"},
		{"A\n\n\n\nB", "<p>A</p>\n<p>B</p>\n"},
		{"<pre>code\n\nmore</pre>\nafter", "<pre>code\n\nmore</pre>\n<p>after</p>\n"},
		{"Text with <strong>bold</strong>\nand <a href=\"/x\">link</a>", "<p>Text with <strong>bold</strong><br />\nand <a href=\"/x\">link</a></p>\n"},
		{"   ", ""},
	}
	for _, tt := range tests {
		if got := autop(tt.in); squash(got) != squash(tt.want) {
			t.Errorf("autop(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

var betweenTags = regexp.MustCompile(`>\s+<`)

// squash ignores the whitespace between tags, which no browser shows.
func squash(s string) string { return betweenTags.ReplaceAllString(strings.TrimSpace(s), "><") }
