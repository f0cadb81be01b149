package wordpress

import (
	"net/url"
	"strings"
	"testing"
)

// testIndex is the index of a small old site at wp.example.org.
func testIndex() *index {
	x := newIndex()
	x.site = mustURL("http://wp.example.org")
	x.atts[7] = &attachment{id: 7, parent: 5, url: "http://wp.example.org/wp-content/uploads/2026/11/baku.jpg", alt: "Delegates in Baku", path: "/media/aaa.jpg"}
	x.atts[8] = &attachment{id: 8, parent: 5, order: 1, url: "http://wp.example.org/wp-content/uploads/2026/11/sheki.jpg", alt: "Sheki", path: "/media/bbb.jpg"}
	x.attOrder = []*attachment{x.atts[7], x.atts[8]}
	x.indexFiles()
	x.byID[3] = &entry{id: 3, path: "/news/seminar"}
	x.byPath["/2026/10/01/seminar"] = "/news/seminar"
	return x
}

func convert(t *testing.T, body string) (string, []string) {
	t.Helper()
	var warnings []string
	it := &Item{ID: 5, Title: "Test", Encoded: []nsText{{Text: body}}}
	it.Encoded[0].XMLName.Space = "http://purl.org/rss/1.0/modules/content/"
	c := &converter{links: testIndex(), item: it, warn: func(f string, a ...any) { warnings = append(warnings, f) }}
	md, err := c.body()
	if err != nil {
		t.Fatal(err)
	}
	return md, warnings
}

func TestBodies(t *testing.T) {
	tests := []struct {
		name, in  string
		want, not []string
		warnings  int
	}{
		{"classic paragraphs", "First line\nsecond line\n\nNew paragraph.", []string{"First line  \nsecond line", "\n\nNew paragraph."}, nil, 0},
		{"blocks", "<!-- wp:paragraph -->\n<p>Hello <strong>world</strong></p>\n<!-- /wp:paragraph -->\n\n<!-- wp:heading -->\n<h2 class=\"wp-block-heading\">Results</h2>\n<!-- /wp:heading -->",
			[]string{"Hello **world**", "## Results"}, []string{"wp:"}, 0},
		{"image by class, resized copy", `<!-- wp:image {"id":7} --><figure class="wp-block-image size-large"><img src="http://wp.example.org/wp-content/uploads/2026/11/baku-1024x683.jpg" alt="" class="wp-image-7" srcset="x 300w"/></figure><!-- /wp:image -->`,
			[]string{"![Delegates in Baku](/media/aaa.jpg)"}, []string{"1024x683", "srcset"}, 0},
		{"image by address", `<p><img src="/wp-content/uploads/2026/11/sheki-300x200.jpg" alt="Old town"></p>`, []string{"![Old town](/media/bbb.jpg)"}, nil, 0},
		{"caption", `[caption id="attachment_7" align="aligncenter" width="1024"]<img class="wp-image-7 size-large" src="http://wp.example.org/wp-content/uploads/2026/11/baku-1024x683.jpg" alt="Delegates" /> The opening session[/caption]`,
			[]string{"![Delegates](/media/aaa.jpg)", "*The opening session*"}, []string{"caption"}, 0},
		{"gallery by ids", `[gallery ids="8,7"]`, []string{"![Sheki](/media/bbb.jpg)", "![Delegates in Baku](/media/aaa.jpg)"}, nil, 0},
		{"gallery of attached", `[gallery]`, []string{"/media/aaa.jpg", "/media/bbb.jpg"}, nil, 0},
		{"link to another post", `<p>See <a href="http://wp.example.org/2026/10/01/seminar/">the seminar</a> and <a href="http://wp.example.org/?p=3#top">again</a>.</p>`,
			[]string{"[the seminar](/news/seminar)", "[again](/news/seminar#top)"}, []string{"wp.example.org"}, 0},
		{"video on its own line", "Watch:\n\nhttps://www.youtube.com/watch?v=abc123\n\nThanks.", []string{"[https://www.youtube.com/watch?v=abc123](https://www.youtube.com/watch?v=abc123)"}, nil, 0},
		{"embed block", `<!-- wp:embed {"url":"https://youtu.be/xyz"} --><figure class="wp-block-embed is-type-video"><div class="wp-block-embed__wrapper">
https://youtu.be/xyz
</div></figure><!-- /wp:embed -->`, []string{"(https://youtu.be/xyz)"}, nil, 0},
		{"video frame", `<iframe src="https://www.youtube.com/embed/abc123" width="560"></iframe>`, []string{"(https://www.youtube.com/embed/abc123)"}, []string{"iframe"}, 0},
		{"hostile", `<p>Hi<script>alert(1)</script></p><iframe src="https://evil.example/"></iframe><img src=x onerror="alert(2)"><a href="javascript:alert(3)">click</a>`,
			nil, []string{"script", "alert", "iframe", "onerror", "javascript", "evil.example"}, 0},
		{"unknown shortcode", `Write to us: [contact-form-7 id="12" title="Contact"] thanks`, []string{"Write to us:", "thanks"}, []string{"contact-form"}, 1},
		{"headings start at h2", "<h3>Results</h3><p>x</p><h4>Detail</h4>", []string{"## Results\n", "\n### Detail"}, []string{"####"}, 0},
		{"archives", `<p><a href="http://wp.example.org/category/events/">Events</a>, <a href="/tag/mobility/">mobility</a>, <a href="http://wp.example.org/2026/03/">March</a>, <a href="http://wp.example.org/feed/">feed</a>, <a href="http://wp.example.org/">home</a></p>`,
			[]string{"[Events](/tags/events)", "[mobility](/tags/mobility)", "[March](/news)", "[feed](/feed.xml)", "[home](/)"}, nil, 0},
		{"a page not in the export", `<p>Please <a href="http://wp.example.org/newsletter/">subscribe</a> now.</p>`, []string{"Please subscribe now."}, []string{"newsletter"}, 1},
		{"brackets in text", `As noted [1], costs rose.`, []string{`As noted \[1], costs rose.`}, nil, 0},
		{"missing image on old site", `<p><img src="http://wp.example.org/wp-content/uploads/2020/01/gone.jpg" alt="x"></p>`, nil, []string{"gone.jpg"}, 1},
		{"image elsewhere becomes a link", `<p><img src="https://cdn.example.com/p.png" alt="x"></p>`, []string{"(https://cdn.example.com/p.png)"}, []string{"!["}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			md, warnings := convert(t, tt.in)
			for _, w := range tt.want {
				if !strings.Contains(md, w) {
					t.Errorf("missing %q in\n%s", w, md)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(strings.ToLower(md), n) {
					t.Errorf("%q survived in\n%s", n, md)
				}
			}
			if len(warnings) != tt.warnings {
				t.Errorf("warnings %v, want %d", warnings, tt.warnings)
			}
		})
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}
