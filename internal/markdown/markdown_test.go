package markdown

import (
	"strings"
	"testing"
	"time"

	"orgsite/internal/testkit/htmlcheck"
)

// xssPayloads are ways people have smuggled script into pages; none may come
// out of Render active.
var xssPayloads = []string{
	`<script>alert(1)</script>`,
	`<SCRIPT SRC=//x.example/x.js></SCRIPT>`,
	`<img src=x onerror=alert(1)>`,
	`<IMG SRC="jav&#x09;ascript:alert(1)">`,
	`[click](javascript:alert(1))`,
	`[click](JaVaScRiPt:alert(1))`,
	`[click](  javascript:alert(1))`,
	`<a href="javascript&colon;alert(1)">x</a>`,
	`<svg onload=alert(1)><circle r=1></svg>`,
	`<iframe src="https://x.example"></iframe>`,
	`<div style="background:url(javascript:alert(1))">x</div>`,
	`<body onload=alert(1)>`,
	`<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>`,
	`![x](javascript:alert(1))`,
	`<object data="x.swf"></object><embed src="x.swf">`,
	`<form action="https://x.example"><input name=a></form>`,
	`<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
	"<p onmouseover=\"alert(1)\">hover</p>",
}

func TestRenderRemovesActiveContent(t *testing.T) {
	for _, p := range xssPayloads {
		out := strings.ToLower(Render(p))
		for _, bad := range []string{"<script", "onerror", "onload", "onmouseover", "javascript:", "<iframe", "<svg", "<object", "<embed", "<form", "style=", "data:text"} {
			if strings.Contains(out, bad) {
				t.Errorf("Render(%q) = %q, contains %q", p, out, bad)
			}
		}
	}
}

func TestRenderMarkdown(t *testing.T) {
	tests := []struct{ in, want string }{
		{"## Objectives", `<h2 id="objectives">Objectives</h2>`},
		{"- one\n- two", "<li>one</li>"},
		{"[project](/projects/mobilaze)", `<a href="/projects/mobilaze">project</a>`},
		{"> quoted", "<blockquote>"},
		{"**bold**", "<strong>bold</strong>"},
		{"| a | b |\n|---|---|\n| 1 | 2 |", "<table>"},
		{"mail [us](mailto:info@impc.example)", `href="mailto:info@impc.example"`},
	}
	for _, tt := range tests {
		if got := Render(tt.in); !strings.Contains(got, tt.want) {
			t.Errorf("Render(%q) = %q, want it to contain %q", tt.in, got, tt.want)
		}
	}
}

func TestPlainText(t *testing.T) {
	got := PlainText(Render("# Title\n\nOne &amp; two.\n\n- three\n- four"))
	if got != "Title — One & two. three four" {
		t.Errorf("PlainText = %q", got)
	}
}

func FuzzRender(f *testing.F) {
	for _, p := range xssPayloads {
		f.Add(p)
	}
	f.Add("# heading\n\n*em* [a](/b)")
	f.Add(strings.Repeat(">", 40) + " deep")
	f.Add(strings.Repeat("[a](", 50))
	f.Fuzz(func(t *testing.T, src string) {
		start := time.Now()
		if problem := activeContent(Render(src)); problem != "" {
			t.Fatalf("Render(%q): %s", src, problem)
		}
		// Fuzzed inputs are small: anything slow is a shape that grows
		// badly, which Check should refuse.
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("Render of %d bytes took %v", len(src), d)
		}
	})
}

// TestBombsRefused: the shapes that take quadratic time are refused by
// Check and, whoever saves them, rendered as plain text.
func TestBombsRefused(t *testing.T) {
	for name, src := range map[string]string{
		"nested quotes":  strings.Repeat(">", 190_000),
		"spaced quotes":  strings.Repeat("> ", 40) + "deep",
		"unclosed links": strings.Repeat("[a](", 47_500),
	} {
		if Check(src) == nil {
			t.Errorf("%s: accepted", name)
		}
		if out := Render(src); !strings.HasPrefix(out, "<p>") || strings.Contains(out, "<blockquote>") || strings.Contains(out, "<a ") {
			t.Errorf("%s: rendered as Markdown", name)
		}
	}
	for name, src := range map[string]string{
		"a quote in a quote": "> > a quote\n> back",
		"many links":         strings.Repeat("[a](/b) ", MaxLinkParts),
	} {
		if err := Check(src); err != nil {
			t.Errorf("%s: refused: %v", name, err)
		}
	}
}

// activeContent parses HTML as a browser would and names the first element or
// attribute that could run script; "" when there is none. Text that merely
// mentions "javascript:" is harmless and allowed.
func activeContent(h string) string {
	for tok := range htmlcheck.StartTags(h) {
		switch tok.Data {
		case "script", "iframe", "svg", "math", "object", "embed", "style", "form", "base", "meta", "link":
			return "element " + tok.Data
		}
		for _, a := range tok.Attr {
			key := strings.ToLower(a.Key)
			val := strings.ToLower(strings.Join(strings.Fields(a.Val), ""))
			if strings.HasPrefix(key, "on") || key == "style" || key == "srcdoc" {
				return "attribute " + key
			}
			if (key == "href" || key == "src" || key == "action" || key == "formaction") &&
				(strings.HasPrefix(val, "javascript:") || strings.HasPrefix(val, "vbscript:") || strings.HasPrefix(val, "data:")) {
				return "URL " + a.Val
			}
		}
	}
	return ""
}
