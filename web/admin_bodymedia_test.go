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

// TestMediaPicker: the picker finds files by title, file name, alt text
// and credit, shows thumbnails with the Markdown that inserts each, needs
// a login, and uploads in place: an image without alt text is refused
// with the reason, one with it is stored and picked.
func TestMediaPicker(t *testing.T) {
	ts := newTestServer(t)
	if r := ts.anonymous().get("/admin/media/picker"); r.Code != http.StatusSeeOther && r.Code != http.StatusFound {
		t.Errorf("picker without login: %d", r.Code)
	}
	ed := ts.loginAs("editor")
	mediaUpload(ed, "baku-4711.jpg", testkit.JPEG(t, 1000, 600), "Delegates in Baku")
	photo := mediaNewest(t, ts)
	ed.mustPost("title", "/admin/media/"+strconv.FormatInt(photo.ID, 10),
		url.Values{"title": {"Conference opening"}, "alt": {"Delegates in Baku"}, "credit": {"Aysel Mammadova"}})
	for _, q := range []string{"opening", "baku-4711", "DELEGATES", "mammadova"} {
		r := ed.mustSee("picker search "+q, "/admin/media/picker?type=image&q="+q, "1 file", "Conference opening",
			`data-markdown="![Delegates in Baku](/media/`+photo.Name+`)"`, `src="/media/`+photo.Variants[0].Name+`"`)
		if !strings.Contains(r.Body, `id="media-picker"`) {
			t.Errorf("no picker in the page")
		}
	}
	ed.mustSee("a document search has no images", "/admin/media/picker?type=document&q=opening", "0 files")
	if r := ed.get("/admin/media/picker?type=video"); r.Code != http.StatusBadRequest {
		t.Errorf("unknown type: %d", r.Code)
	}
	ed.mustSee("library search by title", "/admin/media?q=conference", "1 file")

	r := ed.postMultipart("/admin/media/picker", url.Values{"type": {"image"}, "credit": {"kept credit"}}, upload{"file", "new.jpg", testkit.JPEG(t, 800, 500)})
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Give the image an alternative text") || !strings.Contains(r.Body, "kept credit") {
		t.Errorf("upload without alt: %d %s", r.Code, excerpt(r.Body))
	}
	if mediaNewest(t, ts).ID != photo.ID {
		t.Errorf("a refused upload was stored")
	}
	r = ed.postMultipart("/admin/media/picker", url.Values{"type": {"image"}, "alt": {"A new picture"}}, upload{"file", "new.jpg", testkit.JPEG(t, 800, 500)})
	added := mediaNewest(t, ts)
	if r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/admin/media/picker?picked="+strconv.FormatInt(added.ID, 10)+"&type=image" {
		t.Fatalf("upload: %d %q %s", r.Code, r.Header.Get("Location"), excerpt(r.Body))
	}
	ed.mustSee("picked", r.Header.Get("Location"), `data-picked="![A new picture](/media/`+added.Name+`)"`)
	r = ed.postMultipart("/admin/media/picker", url.Values{"type": {"document"}}, upload{"file", "report.pdf", []byte(testkit.PDF)})
	if r.Code != http.StatusSeeOther {
		t.Errorf("a PDF needs no alt text: %d %s", r.Code, excerpt(r.Body))
	}
}
