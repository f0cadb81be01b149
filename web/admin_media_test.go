package web

import (
	"bytes"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"orgsite/internal/config"
	"orgsite/internal/content"
	"orgsite/internal/media"
	"orgsite/internal/store"
	"orgsite/internal/testkit"
	"orgsite/web/admin"
)

// mediaDirFiles lists the files in the media directory.
func mediaDirFiles(t *testing.T, ts *testServer) []string {
	t.Helper()
	return testkit.DirNames(t, ts.ms.Dir)
}

// mediaTotal is how many files the library holds.
func mediaTotal(t *testing.T, ts *testServer) int {
	t.Helper()
	_, total, err := ts.st.MediaList(ts.ctx(), store.MediaFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	return total
}

// mediaNewest is the file uploaded last.
func mediaNewest(t *testing.T, ts *testServer) store.Media {
	t.Helper()
	items, _, err := ts.st.MediaList(ts.ctx(), store.MediaFilter{Limit: 1})
	if err != nil || len(items) == 0 {
		t.Fatalf("newest media: %v %d", err, len(items))
	}
	return items[0]
}

// mediaUpload uploads one file through the library's form.
func mediaUpload(ed *staff, name string, body []byte, alt string) response {
	return ed.postMultipart("/admin/media", url.Values{"alt": {alt}, "credit": {"Photo: Test"}}, upload{"file", name, body})
}

func TestMediaUploadEachType(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	cases := []struct {
		name     string
		body     []byte
		mime     string
		kind     string
		w, h     int
		variants int
		asIs     bool // served byte for byte; the others are re-encoded without their metadata
	}{
		{"photo.jpg", testkit.JPEG(t, 1000, 600), "image/jpeg", "image", 1000, 600, 2, false},
		{"logo.png", testkit.PNG(t, 300, 100), "image/png", "image", 300, 100, 0, false},
		{"anim.gif", testkit.GIF(t, 500, 200), "image/gif", "image", 500, 200, 1, true},
		{"tiny.webp", testkit.TinyWebP(), "image/jpeg", "image", 0, 0, 0, false},
		{"report.pdf", []byte(testkit.PDF), "application/pdf", "document", 0, 0, 0, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := mediaUpload(ed, tc.name, tc.body, "A test picture")
			if r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/admin/media?uploaded=1" {
				t.Fatalf("upload: %d %q %s", r.Code, r.Header.Get("Location"), excerpt(r.Body))
			}
			m := mediaNewest(t, ts)
			if m.Title != tc.name || m.MIME != tc.mime || m.Kind != tc.kind || m.Alt != "A test picture" || m.Credit != "Photo: Test" || m.CreatedBy != ed.user.ID {
				t.Errorf("record: %+v", m)
			}
			if tc.w != 0 && (m.Width != tc.w || m.Height != tc.h || len(m.Variants) != tc.variants) {
				t.Errorf("size %d×%d with %d variants, want %d×%d with %d", m.Width, m.Height, len(m.Variants), tc.w, tc.h, tc.variants)
			}
			f := ts.mustGet("/media/"+m.Name, http.StatusOK)
			if f.Header.Get("Content-Type") != tc.mime || f.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("served with %q, nosniff %q", f.Header.Get("Content-Type"), f.Header.Get("X-Content-Type-Options"))
			}
			if tc.asIs && f.Body != string(tc.body) {
				t.Error("served bytes differ from the upload")
			}
			if int64(len(f.Body)) != m.Size {
				t.Errorf("served %d bytes, recorded %d", len(f.Body), m.Size)
			}
			for _, v := range m.Variants {
				ts.mustGet("/media/"+v.Name, http.StatusOK)
			}
			list := ed.get("/admin/media?uploaded=1")
			if list.Code != 200 || !strings.Contains(list.Body, "Uploaded.") || !strings.Contains(list.Body, tc.name) {
				t.Errorf("list after upload: %d %s", list.Code, excerpt(list.Body))
			}
		})
	}
}

func TestMediaUploadRefusals(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	cases := []struct {
		name, file string
		body       []byte
		want       string
	}{
		{"svg with script", "drawing.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), "Only JPEG, PNG, WebP, GIF and PDF files can be uploaded."},
		{"html renamed jpg", "photo.jpg", []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"), "Only JPEG, PNG, WebP, GIF and PDF files can be uploaded."},
		{"text", "notes.txt", []byte("just some notes\n"), "Only JPEG, PNG, WebP, GIF and PDF files can be uploaded."},
		{"empty", "empty.png", []byte{}, "The file is empty."},
		{"bomb", "huge.png", testkit.PNGHeader(100000, 100000), "The image is 100000 × 100000 pixels"},
		{"truncated jpeg", "cut.jpg", testkit.JPEG(t, 200, 200)[:300], "The file could not be read"},
	}
	before := mediaDirFiles(t, ts)
	total := mediaTotal(t, ts)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := mediaUpload(ed, tc.file, tc.body, "alt kept")
			if r.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422: %s", r.Code, excerpt(r.Body))
			}
			if !strings.Contains(r.Body, tc.file) || !strings.Contains(r.Body, tc.want) {
				t.Errorf("the page does not name %q with %q:\n%s", tc.file, tc.want, excerpt(r.Body))
			}
			if !strings.Contains(r.Body, `value="alt kept"`) {
				t.Error("the alternative text typed was not kept")
			}
			if strings.Contains(r.Body, "<script>alert") {
				t.Error("the upload's content reached the page")
			}
			if got := mediaDirFiles(t, ts); !slices.Equal(got, before) {
				t.Errorf("files left behind: %v", got)
			}
			if n := mediaTotal(t, ts); n != total {
				t.Errorf("a refused upload was recorded: %d files, was %d", n, total)
			}
		})
	}
}

func TestMediaUploadSeveral(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	total := mediaTotal(t, ts)
	r := ed.postMultipart("/admin/media", url.Values{"alt": {""}},
		upload{"file", "one.png", testkit.PNG(t, 40, 30)},
		upload{"file", "evil.svg", []byte(`<svg onload="alert(1)"/>`)},
		upload{"file", "two.jpg", testkit.JPEG(t, 50, 50)},
		upload{"file", "", nil}, // what a browser sends for an empty file input
	)
	if r.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d: %s", r.Code, excerpt(r.Body))
	}
	for _, want := range []string{"This file was not uploaded", "evil.svg", "Uploaded 2 files", "one.png", "two.jpg"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if n := mediaTotal(t, ts); n != total+2 {
		t.Errorf("%d files recorded, want %d", n, total+2)
	}
	// Every file stored: 303 with a flash.
	r = ed.postMultipart("/admin/media", nil, upload{"file", "a.png", testkit.PNG(t, 10, 10)}, upload{"file", "b.pdf", []byte(testkit.PDF)})
	if r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/admin/media?uploaded=2" {
		t.Fatalf("two files: %d %q", r.Code, r.Header.Get("Location"))
	}
	if page := ed.get(r.Header.Get("Location")); !strings.Contains(page.Body, "Uploaded 2 files.") {
		t.Error("no flash after uploading two files")
	}
	// No file at all.
	r = ed.postMultipart("/admin/media", url.Values{"credit": {"kept credit"}}, upload{"file", "", nil})
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Choose a file to upload.") || !strings.Contains(r.Body, "kept credit") {
		t.Errorf("no file: %d %s", r.Code, excerpt(r.Body))
	}
	if r := ed.post("/admin/media", url.Values{"alt": {"x"}}); r.Code != http.StatusUnprocessableEntity {
		t.Errorf("form without multipart: %d", r.Code)
	}
}

// mediaSmallServer is the test site with a 1 MB upload limit, on the same
// database and media directory.
func mediaSmallServer(t *testing.T, ts *testServer) *testServer {
	t.Helper()
	ms, err := media.New(ts.ms.Dir, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	small := *ts
	small.ms = ms
	small.srv = New(Deps{Store: ts.st, Media: ms, Now: ts.clock.Now,
		Config: config.Config{BaseURL: baseURL, DB: ts.st.Path(), Media: ms.Dir, Addr: "127.0.0.1:0", MaxUpload: 1 << 20}})
	return &small
}

func TestMediaUploadTooLarge(t *testing.T) {
	ts := mediaSmallServer(t, newTestServer(t))
	ed := ts.loginAs("editor")
	before := mediaDirFiles(t, ts)
	total := mediaTotal(t, ts)

	// Over the file limit but within the request limit: the media store
	// refuses it and the form says why.
	big := append([]byte(testkit.PDF), bytes.Repeat([]byte("x"), 1<<20)...)
	r := mediaUpload(ed, "big.pdf", big, "")
	if r.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("big file: %d %s", r.Code, excerpt(r.Body))
	}
	for _, want := range []string{"big.pdf", "The file is larger than 1 MB.", "of up to 1 MB"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("page lacks %q", want)
		}
	}

	// Over the request limit: cut off before any handler, still a 413
	// page that says what happened.
	huge := append([]byte(testkit.PDF), bytes.Repeat([]byte("x"), 3<<20)...)
	r = mediaUpload(ed, "huge.pdf", huge, "")
	if r.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("huge request: %d %s", r.Code, excerpt(r.Body))
	}
	if !strings.Contains(r.Body, "Too large") {
		t.Errorf("413 page: %s", excerpt(r.Body))
	}

	if got := mediaDirFiles(t, ts); !slices.Equal(got, before) {
		t.Errorf("files left behind: %v", got)
	}
	if n := mediaTotal(t, ts); n != total {
		t.Errorf("a refused upload was recorded")
	}
}

func TestMediaUploadLimitMessage(t *testing.T) {
	ts := mediaSmallServer(t, newTestServer(t))
	msg := ts.srv.admin.UploadLimitMessage()
	if !strings.Contains(msg, "at most 1 MB") {
		t.Errorf("message %q", msg)
	}
}

func TestMediaListAndFilters(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	mediaUpload(ed, "doc.pdf", []byte(testkit.PDF), "")
	mediaUpload(ed, "nodesc.png", testkit.PNG(t, 20, 20), "")
	all := ed.get("/admin/media")
	if all.Code != 200 || !strings.Contains(all.Body, "doc.pdf") || !strings.Contains(all.Body, fxMediaTitle) {
		t.Fatalf("list: %d %s", all.Code, excerpt(all.Body))
	}
	if !strings.Contains(all.Body, "Missing alt text") {
		t.Error("an image without alt text is not marked")
	}
	if !strings.Contains(all.Body, `name="_csrf"`) || !strings.Contains(all.Body, `enctype="multipart/form-data"`) || !strings.Contains(all.Body, "multiple") {
		t.Error("upload form incomplete")
	}
	imgs := ed.get("/admin/media?kind=image")
	if imgs.Code != 200 || strings.Contains(imgs.Body, "doc.pdf") || !strings.Contains(imgs.Body, "nodesc.png") {
		t.Errorf("images only: %d", imgs.Code)
	}
	docs := ed.get("/admin/media?kind=document")
	if docs.Code != 200 || !strings.Contains(docs.Body, "doc.pdf") || strings.Contains(docs.Body, "nodesc.png") {
		t.Errorf("documents only: %d", docs.Code)
	}
	// Newest first: the PNG uploaded last comes before the PDF.
	if i, j := strings.Index(all.Body, "nodesc.png"), strings.Index(all.Body, "doc.pdf"); i < 0 || j < 0 || i > j {
		t.Error("not newest first")
	}
	for target, want := range map[string]int{
		"/admin/media?kind=svg":  http.StatusBadRequest,
		"/admin/media?page=0":    http.StatusBadRequest,
		"/admin/media?page=99":   http.StatusNotFound,
		"/admin/media/999999":    http.StatusNotFound,
		"/admin/media/abc":       http.StatusNotFound,
		"/admin/media/1/delete":  http.StatusConflict, // a fixture image, used by news
		"/admin/media?kind=&q=x": http.StatusOK,
	} {
		if r := ed.get(target); r.Code != want {
			t.Errorf("GET %s: %d, want %d", target, r.Code, want)
		}
	}
	if r := ts.anonymous().get("/admin/media"); r.Code != http.StatusSeeOther {
		t.Errorf("anonymous: %d", r.Code)
	}
}

func TestMediaListPaginated(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	var files []upload
	for i := range admin.MediaPerPage {
		files = append(files, upload{"file", "p" + strconv.Itoa(i) + ".pdf", []byte(testkit.PDF)})
	}
	if r := ed.postMultipart("/admin/media", nil, files[:admin.MaxFilesPerUpload]...); r.Code != http.StatusSeeOther {
		t.Fatalf("upload: %d", r.Code)
	}
	if r := ed.postMultipart("/admin/media", nil, files[admin.MaxFilesPerUpload:]...); r.Code != http.StatusSeeOther {
		t.Fatalf("upload: %d", r.Code)
	}
	first := ed.get("/admin/media")
	if !strings.Contains(first.Body, "Page 1 of 2") || !strings.Contains(first.Body, `href="/admin/media?kind=&amp;page=2"`) {
		t.Fatalf("no pager: %s", excerpt(first.Body))
	}
	second := ed.get("/admin/media?kind=&page=2")
	if second.Code != 200 || !strings.Contains(second.Body, fxMediaTitle) {
		t.Errorf("page 2: %d", second.Code)
	}
	tooMany := append(files, upload{"file", "x.pdf", []byte(testkit.PDF)})
	if r := ed.postMultipart("/admin/media", nil, tooMany...); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "at most 20 files") {
		t.Errorf("too many files: %d", r.Code)
	}
}

func TestMediaEditTexts(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	mediaUpload(ed, "photo.jpg", testkit.JPEG(t, 1200, 800), "")
	m := mediaNewest(t, ts)
	edit := "/admin/media/" + strconv.FormatInt(m.ID, 10)
	page := ed.get(edit)
	if page.Code != 200 {
		t.Fatalf("edit page: %d", page.Code)
	}
	for _, want := range []string{"Missing alt text", "![](/media/" + m.Name + ")", m.Variants[0].Name, "1200 × 800 px", "Nothing uses this file.", "by editor"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("edit page lacks %q", want)
		}
	}

	xss := `"><script>alert(1)</script><img src=x onerror=alert(2)>`
	r := ed.post(edit, url.Values{"alt": {"Harbour [at] dusk " + xss}, "credit": {"© Jane Doe"}})
	if r.Code != http.StatusSeeOther || r.Header.Get("Location") != edit+"?saved=1" {
		t.Fatalf("save: %d %s", r.Code, excerpt(r.Body))
	}
	got, _ := ts.st.MediaByID(ts.ctx(), m.ID)
	if got.Alt != "Harbour [at] dusk "+xss || got.Credit != "© Jane Doe" {
		t.Errorf("saved %q %q", got.Alt, got.Credit)
	}
	page = ed.get(edit + "?saved=1")
	if !strings.Contains(page.Body, "Saved.") || strings.Contains(page.Body, "<script>alert") || strings.Contains(page.Body, "<img src=x") {
		t.Errorf("after save: %s", excerpt(page.Body))
	}
	if !strings.Contains(page.Body, `![Harbour \[at\] dusk`) {
		t.Error("the Markdown snippet does not escape brackets")
	}
	if strings.Contains(page.Body, "Missing alt text") {
		t.Error("still marked as missing alt text")
	}

	long := strings.Repeat("a", 301)
	r = ed.post(edit, url.Values{"alt": {long}, "credit": {"kept credit"}})
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "at most 300") || !strings.Contains(r.Body, "kept credit") {
		t.Errorf("too long: %d %s", r.Code, excerpt(r.Body))
	}
	if got, _ := ts.st.MediaByID(ts.ctx(), m.ID); got.Credit != "© Jane Doe" {
		t.Error("a refused form changed the record")
	}
	if r := ed.post("/admin/media/999999", url.Values{"alt": {"x"}}); r.Code != http.StatusNotFound {
		t.Errorf("unknown id: %d", r.Code)
	}
}

func TestMediaDeleteInUse(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	var used store.Media
	var where []store.Usage
	items, _, _ := ts.st.MediaList(ts.ctx(), store.MediaFilter{Limit: 100})
	for _, m := range items {
		if u, err := ts.st.MediaUsage(ts.ctx(), m.ID); err == nil && len(u) > 0 {
			used, where = m, u
			break
		}
	}
	if used.ID == 0 {
		t.Fatal("no fixture image is used by a news item")
	}
	if where[0].Kind != "news" {
		t.Errorf("usage %+v", where)
	}
	files := mediaDirFiles(t, ts)
	del := "/admin/media/" + strconv.FormatInt(used.ID, 10) + "/delete"
	for _, r := range []response{ed.get(del), ed.post(del, url.Values{"confirm": {"yes"}})} {
		if r.Code != http.StatusConflict || !strings.Contains(r.Body, "cannot be deleted") || !strings.Contains(r.Body, where[0].Title) {
			t.Errorf("delete of a used file: %d %s", r.Code, excerpt(r.Body))
		}
		if strings.Contains(r.Body, `name="confirm"`) {
			t.Error("the refusal offers a delete button")
		}
	}
	if _, err := ts.st.MediaByID(ts.ctx(), used.ID); err != nil {
		t.Errorf("record gone: %v", err)
	}
	if !slices.Equal(mediaDirFiles(t, ts), files) {
		t.Error("files removed")
	}

	// A body that links a resized copy counts too, even in the trash.
	mediaUpload(ed, "inline.png", testkit.PNG(t, 600, 300), "x")
	m := mediaNewest(t, ts)
	n := publishedNews("links-inline", "inline", ts.clock.Now())
	n.BodyMD = "See ![chart](/media/" + m.Variants[0].Name + ")."
	ts.saveNews(n)
	if err := ts.st.Trash(ts.ctx(), content.KindNews, n.ID, ts.clock.Now()); err != nil {
		t.Fatal(err)
	}
	del = "/admin/media/" + strconv.FormatInt(m.ID, 10) + "/delete"
	r := ed.post(del, url.Values{"confirm": {"yes"}})
	if r.Code != http.StatusConflict || !strings.Contains(r.Body, "Test item inline") || !strings.Contains(r.Body, "in the trash") {
		t.Errorf("file linked from a trashed body: %d %s", r.Code, excerpt(r.Body))
	}
}

func TestMediaDeleteUnused(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	before := mediaDirFiles(t, ts)
	mediaUpload(ed, "spare.jpg", testkit.JPEG(t, 1000, 500), "")
	m := mediaNewest(t, ts)
	if len(m.Variants) == 0 {
		t.Fatal("no variants to check")
	}
	del := "/admin/media/" + strconv.FormatInt(m.ID, 10) + "/delete"
	confirm := ed.get(del)
	if confirm.Code != 200 || !strings.Contains(confirm.Body, "for good?") || !strings.Contains(confirm.Body, `name="confirm" value="yes"`) {
		t.Fatalf("confirmation page: %d %s", confirm.Code, excerpt(confirm.Body))
	}
	// Without confirm=yes nothing happens but the question.
	if r := ed.post(del, nil); r.Code != http.StatusOK || !strings.Contains(r.Body, "for good?") {
		t.Errorf("post without confirm: %d", r.Code)
	}
	if _, err := ts.st.MediaByID(ts.ctx(), m.ID); err != nil {
		t.Fatal("deleted without confirmation")
	}
	// Without the CSRF token: 403 and nothing deleted.
	if r := ed.post(del, url.Values{"confirm": {"yes"}, "_csrf": {""}}); r.Code != http.StatusForbidden {
		t.Errorf("no csrf: %d", r.Code)
	}
	if _, err := ts.st.MediaByID(ts.ctx(), m.ID); err != nil {
		t.Fatal("deleted without CSRF token")
	}
	r := ed.post(del, url.Values{"confirm": {"yes"}})
	if r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/admin/media?deleted=1" {
		t.Fatalf("delete: %d %s", r.Code, excerpt(r.Body))
	}
	if _, err := ts.st.MediaByID(ts.ctx(), m.ID); err == nil {
		t.Error("record still there")
	}
	if got := mediaDirFiles(t, ts); !slices.Equal(got, before) {
		t.Errorf("files left: %v", got)
	}
	ts.mustGet("/media/"+m.Name, http.StatusNotFound)
	if page := ed.get("/admin/media?deleted=1"); !strings.Contains(page.Body, "The file was deleted.") {
		t.Error("no flash")
	}
	log, _, _ := ts.st.AuditLog(ts.ctx(), 10, 0)
	found := false
	for _, e := range log {
		if e.Action == "media deleted" && strings.Contains(e.Detail, "spare.jpg") && e.UserName == "editor" {
			found = true
		}
	}
	if !found {
		t.Errorf("no audit line: %+v", log)
	}
	if r := ed.post(del, url.Values{"confirm": {"yes"}}); r.Code != http.StatusNotFound {
		t.Errorf("delete again: %d", r.Code)
	}
}

func TestMediaCSRF(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	before, total := mediaDirFiles(t, ts), mediaTotal(t, ts)
	r := ed.postMultipart("/admin/media", url.Values{"_csrf": {""}}, upload{"file", "a.png", testkit.PNG(t, 10, 10)})
	if r.Code != http.StatusForbidden {
		t.Errorf("upload without token: %d", r.Code)
	}
	r = ed.postMultipart("/admin/media", url.Values{"_csrf": {"forged"}}, upload{"file", "a.png", testkit.PNG(t, 10, 10)})
	if r.Code != http.StatusForbidden {
		t.Errorf("upload with a forged token: %d", r.Code)
	}
	if !slices.Equal(mediaDirFiles(t, ts), before) || mediaTotal(t, ts) != total {
		t.Error("a refused post wrote something")
	}
	m := mediaNewest(t, ts)
	if r := ed.post("/admin/media/"+strconv.FormatInt(m.ID, 10), url.Values{"alt": {"changed"}, "_csrf": {""}}); r.Code != http.StatusForbidden {
		t.Errorf("edit without token: %d", r.Code)
	}
	if got, _ := ts.st.MediaByID(ts.ctx(), m.ID); got.Alt == "changed" {
		t.Error("edit without token was saved")
	}
	if r := ts.anonymous().postMultipart("/admin/media", nil, upload{"file", "a.png", testkit.PNG(t, 10, 10)}); r.Code != http.StatusForbidden {
		t.Errorf("anonymous upload: %d", r.Code)
	}
}

func TestMediaAdminRole(t *testing.T) {
	ts := newTestServer(t)
	ad := ts.loginAs("admin")
	if r := mediaUpload(ad, "a.png", testkit.PNG(t, 10, 10), "A dot"); r.Code != http.StatusSeeOther {
		t.Errorf("admin upload: %d", r.Code)
	}
	if r := ad.get("/admin/media"); r.Code != 200 {
		t.Errorf("admin list: %d", r.Code)
	}
}

// TestMediaLibrarySearch: the library finds files by words in their title,
// alt text or credit, in any case; LIKE's wildcards are taken literally.
func TestMediaLibrarySearch(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	all := ed.mustSee("library", "/admin/media")
	files, total, err := ts.st.MediaList(ts.ctx(), store.MediaFilter{Limit: 100})
	if err != nil || total == 0 {
		t.Fatalf("no files (%v)", err)
	}
	if err := ts.st.UpdateMediaText(ts.ctx(), files[0].ID, files[0].Title, "Delegates at the Baku conference", "Photo: Aysel Mammadova", ts.clock.Now()); err != nil {
		t.Fatal(err)
	}
	found := ed.mustSee("search by alt", "/admin/media?q=baku+DELEGATES", "1 file")
	if !strings.Contains(found.Body, `value="baku DELEGATES"`) || len(found.Body) >= len(all.Body) {
		t.Errorf("the search keeps its words and narrows the list")
	}
	ed.mustSee("search by credit", "/admin/media?q=mammadova", "1 file")
	ed.mustSee("a wildcard is a character", "/admin/media?q=%25", "0 files")
	if r := ed.get("/admin/media?q=" + strings.Repeat("x", 201)); r.Code != http.StatusBadRequest {
		t.Errorf("a 201-character search: %d", r.Code)
	}
}
