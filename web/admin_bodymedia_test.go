package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"orgsite/internal/media"
	"orgsite/internal/testkit"
)

// TestBodyMediaRendered: a library image in a body is served from its
// resized copies with the library's alt text and credit, a library PDF as
// a download link with type and size; a new alt text in the library
// reaches the page without saving the item again.
func TestBodyMediaRendered(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	mediaUpload(ed, "harbour.jpg", testkit.JPEG(t, 1200, 800), "Boats in the harbour at dawn")
	photo := mediaNewest(t, ts)
	mediaUpload(ed, "report.pdf", []byte(testkit.PDF), "")
	doc := mediaNewest(t, ts)
	body := "Intro.\n\n![](/media/" + photo.Name + ")\n\nRead [the report](/media/" + doc.Name + ").\n\n![x](https://example.org/x.jpg)"
	ed.mustPost("create", "/admin/news/new", url.Values{"title": {"With media"}, "summary": {"S."}, "body": {body}, "status": {"published"}})

	page := ts.mustGet("/news/with-media", http.StatusOK)
	var srcset []string
	for _, v := range photo.Variants {
		srcset = append(srcset, "/media/"+v.Name+" "+strconv.Itoa(v.Width)+"w")
	}
	for _, want := range []string{
		`srcset="` + strings.Join(srcset, ", ") + `"`, `sizes="(min-width: 48rem) 46rem, 100vw"`,
		`width="1200" height="800" alt="Boats in the harbour at dawn" loading="lazy" decoding="async"`,
		"<figcaption>Photo: Test</figcaption>",
		`<a href="/media/` + doc.Name + `" type="application/pdf" download="">the report <span>(PDF, `,
		`<img src="https://example.org/x.jpg" alt="x">`,
	} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("public page lacks %s\n%s", want, excerpt(page.Body))
		}
	}
	if facts := "(PDF, " + media.FormatSize(doc.Size) + ", 1 page)</span></a>"; doc.Pages != 1 || !strings.Contains(page.Body, facts) {
		t.Errorf("the PDF link does not say %s (pages %d)", facts, doc.Pages)
	}

	edit := "/admin/media/" + strconv.FormatInt(photo.ID, 10)
	ed.mustPost("new alt text", edit, url.Values{"title": {"Harbour"}, "alt": {"Fishing boats at first light"}, "credit": {"© Jane Doe"}})
	page = ts.mustGet("/news/with-media", http.StatusOK)
	if !strings.Contains(page.Body, `alt="Fishing boats at first light"`) || !strings.Contains(page.Body, "<figcaption>© Jane Doe</figcaption>") {
		t.Errorf("the page keeps the old alt text or credit: %s", excerpt(page.Body))
	}
}
