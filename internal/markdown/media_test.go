package markdown

import (
	"strings"
	"testing"
	"time"
)

const (
	photoStem = "0123456789abcdef0123456789abcdef"
	docStem   = "fedcba9876543210fedcba9876543210"
)

// testLibrary holds a photo with two copies and a PDF.
func testLibrary() Library {
	lib := Library{}
	lib.Add(Media{URL: "/media/" + photoStem + ".jpg", MIME: "image/jpeg", Size: 4_900_000, Width: 3000, Height: 2000,
		Variants: []Variant{{URL: "/media/" + photoStem + "-480.jpg", Width: 480, Height: 320}, {URL: "/media/" + photoStem + "-960.jpg", Width: 960, Height: 640}},
		Title:    "harbour.jpg", Alt: "Boats in the harbour at dawn", Credit: "© Jane Doe / IMPC"})
	lib.Add(Media{URL: "/media/" + docStem + ".pdf", Document: true, Type: "PDF", MIME: "application/pdf", Size: 2_200_000, Pages: 12,
		Title: "Annual report 2025"})
	return lib
}

func TestRenderWithLibrary(t *testing.T) {
	photo, doc := "/media/"+photoStem+".jpg", "/media/"+docStem+".pdf"
	srcset := `srcset="/media/` + photoStem + `-480.jpg 480w, /media/` + photoStem + `-960.jpg 960w"`
	tests := []struct {
		name, in string
		want     []string
		not      []string
	}{
		{"figure with the library's alt and credit", "![](" + photo + ")", []string{
			"<figure><img ", srcset, `sizes="` + BodySizes + `"`, `src="/media/` + photoStem + `-960.jpg"`,
			`width="3000" height="2000"`, `alt="Boats in the harbour at dawn"`, `loading="lazy"`, `decoding="async"`,
			"<figcaption>© Jane Doe / IMPC</figcaption></figure>"}, []string{"<p><figure"}},
		{"the Markdown's alt wins", "![Two boats](" + photo + ")", []string{`alt="Two boats"`}, []string{"dawn"}},
		{"title and credit", `![x](` + photo + ` "At dawn")`, []string{"<figcaption>At dawn <small>© Jane Doe / IMPC</small></figcaption>"}, nil},
		{"a copy's address finds the file", "![](/media/" + photoStem + "-480.jpg)", []string{srcset, "<figure>"}, nil},
		{"inline image, no figure", "See ![](" + photo + ") here", []string{"<p>See <img ", srcset}, []string{"<figure>"}},
		{"document link", "[The report](" + doc + ")", []string{`<a href="` + doc + `" type="application/pdf" download="">The report <span>(PDF, 2.1 MB, 12 pages)</span></a>`}, nil},
		{"document link without text", "[](" + doc + ")", []string{`>Annual report 2025 <span>(PDF`}, nil},
		{"document as image", "![the report](" + doc + ")", []string{`download="">the report <span>(PDF`}, []string{"<img"}},
		{"unknown file", "![a](/media/" + strings.Repeat("9", 32) + ".jpg)", []string{`<img src="/media/` + strings.Repeat("9", 32) + `.jpg" alt="a">`}, []string{"srcset"}},
		{"external image", "![a](https://example.org/a.jpg)", []string{`<img src="https://example.org/a.jpg" alt="a">`}, []string{"srcset"}},
		{"link to a library image stays", "[photo](" + photo + ")", []string{`<a href="` + photo + `">photo</a>`}, []string{"<img"}},
		{"alt is escaped", `![<b>"x"</b> &amp; \\\*y\*](` + photo + `)`, []string{`alt="“x” &amp; \*y*"`}, nil},
	}
	lib := testLibrary()
	for _, tt := range tests {
		got := RenderWith(tt.in, lib)
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: RenderWith(%q) = %q, want %q", tt.name, tt.in, got, w)
			}
		}
		for _, w := range tt.not {
			if strings.Contains(got, w) {
				t.Errorf("%s: RenderWith(%q) = %q, has %q", tt.name, tt.in, got, w)
			}
		}
	}
}

// TestPolicyKeepsOnlyLibraryAttributes: written by hand, the attributes
// the library's images use are dropped unless they name our own copies.
func TestPolicyKeepsOnlyLibraryAttributes(t *testing.T) {
	got := Render(`<img src="/a.jpg" srcset="https://x.example/a.jpg 2x" sizes="100vw" loading="eager" alt="a"> <a href="/x" type="text/html" download="evil.exe">x</a>`)
	for _, bad := range []string{"srcset", "sizes", "loading", "type=", "download"} {
		if strings.Contains(got, bad) {
			t.Errorf("kept %s: %s", bad, got)
		}
	}
}

func TestMediaStems(t *testing.T) {
	src := "![](/media/" + photoStem + ".jpg) ![](/media/" + photoStem + "-480.jpg) [r](/media/" + docStem + ".pdf) /media/short.jpg"
	got := MediaStems(src, 10)
	if len(got) != 2 || got[0] != photoStem || got[1] != docStem {
		t.Errorf("MediaStems = %v", got)
	}
	if got := MediaStems(src, 1); len(got) != 1 {
		t.Errorf("MediaStems with limit 1 = %v", got)
	}
}

func TestFileFacts(t *testing.T) {
	for _, tt := range []struct {
		m    Media
		want string
	}{
		{Media{Type: "PDF", Size: 2_200_000, Pages: 12}, "PDF, 2.1 MB, 12 pages"},
		{Media{Type: "PDF", Size: 300_000, Pages: 1}, "PDF, 293 KB, 1 page"},
		{Media{Type: "PDF", Size: 1 << 20}, "PDF, 1 MB"},
		{Media{Size: 999}, "999 bytes"},
	} {
		if got := FileFacts(tt.m); got != tt.want {
			t.Errorf("FileFacts(%+v) = %q, want %q", tt.m, got, tt.want)
		}
	}
}

// FuzzRenderWithLibrary: whatever the body and however it points at the
// library, nothing active comes out and nothing is slow.
func FuzzRenderWithLibrary(f *testing.F) {
	for _, p := range xssPayloads {
		f.Add(p)
	}
	f.Add("![](/media/" + photoStem + ".jpg)")
	f.Add("a ![x](/media/" + photoStem + "-480.jpg \"t\") [r](/media/" + docStem + ".pdf)\n\n> ![](/media/" + docStem + ".pdf)")
	f.Add("[![](/media/" + photoStem + ".jpg)](/media/" + docStem + ".pdf)")
	f.Add("- ![<script>](/media/" + photoStem + ".jpg \"<img onerror=x>\")")
	lib := testLibrary()
	f.Fuzz(func(t *testing.T, src string) {
		start := time.Now()
		if problem := activeContent(RenderWith(src, lib)); problem != "" {
			t.Fatalf("RenderWith(%q): %s", src, problem)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("RenderWith of %d bytes took %v", len(src), d)
		}
	})
}
