package web

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"orgsite/internal/content"
	"orgsite/internal/testkit"
)

// newsForm is a news item's form with the given overrides.
func newsForm(kv ...string) url.Values {
	f := url.Values{"title": {"Labour migration seminar"}, "summary": {"Experts from five countries."},
		"body": {"The seminar met in Baku."}, "status": {"draft"}}
	for i := 0; i+1 < len(kv); i += 2 {
		f.Set(kv[i], kv[i+1])
	}
	return f
}

// editID is the item id in an editor's address such as /admin/news/7?saved=1.
func editID(loc string) string {
	path := strings.Split(loc, "?")[0]
	return path[strings.LastIndex(path, "/")+1:]
}

// newsByID is the news item an editor's address names.
func (ts *testServer) newsByID(edit string) content.News {
	ts.t.Helper()
	n, err := ts.st.NewsByID(ts.ctx(), ts.idIn(edit))
	if err != nil {
		ts.t.Fatal(err)
	}
	return n
}

// idIn is the id in an editor's address.
func (ts *testServer) idIn(edit string) int64 {
	ts.t.Helper()
	id, err := strconv.ParseInt(editID(edit), 10, 64)
	if err != nil {
		ts.t.Fatalf("no id in %q", edit)
	}
	return id
}

// firstImage is a library image's id, for the share image.
func (ts *testServer) firstImage() string {
	ts.t.Helper()
	opts, err := ts.st.ImageOptions(ts.ctx())
	if err != nil || len(opts) == 0 {
		ts.t.Fatalf("no library image (%v)", err)
	}
	return itoa(int(opts[0].ID))
}

// TestSearchAndSharingFields: meta_title, meta_description and
// share_image go into the page's head; empty, the title, summary and lead
// image do; bad values are refused beside their field with nothing saved.
func TestSearchAndSharingFields(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	img := ts.firstImage()
	loc := ed.mustPost("create", "/admin/news/new", newsForm("status", "published", "meta_title", "Seminar on labour migration, Baku 2026",
		"meta_description", "What five countries agreed on labour migration.", "share_image", img)).Header.Get("Location")
	page := ts.mustGet("/news/labour-migration-seminar", http.StatusOK).Body
	for _, want := range []string{"<title>Seminar on labour migration, Baku 2026 – ", `content="What five countries agreed on labour migration."`,
		`property="og:image"`, "<h1>Labour migration seminar</h1>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	edit := ed.mustSee("editor", strings.Split(loc, "?")[0], "Seminar on labour migration, Baku 2026", "How a search result may look")
	if !regexp.MustCompile(`<option value="` + img + `" selected`).MatchString(edit.Body) {
		t.Error("the editor does not show the chosen share image")
	}
	// Emptied: the title and summary again.
	ed.mustPost("empty", strings.Split(loc, "?")[0], newsForm("status", "published", "slug", "labour-migration-seminar"))
	page = ts.mustGet("/news/labour-migration-seminar", http.StatusOK).Body
	if !strings.Contains(page, "<title>Labour migration seminar – ") || !strings.Contains(page, `content="Experts from five countries."`) {
		t.Error("empty search fields do not fall back to the title and summary")
	}
	refused := []struct{ field, value string }{
		{"meta_title", strings.Repeat("t", 121)},
		{"meta_description", strings.Repeat("d", 321)},
		{"share_image", "999999"},
		{"share_image", "not-a-number"},
		{"meta_title", "bad \x00 byte"},
	}
	for _, c := range refused {
		r := ed.post("/admin/news/new", newsForm("title", "Refused "+c.field, c.field, c.value))
		if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="e-`+c.field+`"`) {
			t.Errorf("%s %.20q: %d", c.field, c.value, r.Code)
		}
	}
	if rows, _, err := ts.st.AdminList(ts.ctx(), content.KindNews, storeFilterAll(), ts.clock.Now()); err != nil {
		t.Fatal(err)
	} else {
		for _, r := range rows {
			if strings.HasPrefix(r.Entry.Title, "Refused") {
				t.Errorf("a refused form was saved: %q", r.Entry.Title)
			}
		}
	}
}

// TestSaveOverAnotherIsAConflict: two editors open the same item; the
// second save over the first answers 409 with everything typed and the
// uploaded file kept; saved again, knowingly, it wins.
func TestSaveOverAnotherIsAConflict(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	other := ts.loginAs("admin")
	loc := ed.mustPost("create", "/admin/news/new", newsForm()).Header.Get("Location")
	edit := strings.Split(loc, "?")[0]
	rev := regexp.MustCompile(`name="base_rev" value="([^"]+)"`)
	mine := rev.FindStringSubmatch(ed.mustSee("mine", edit).Body)
	theirs := rev.FindStringSubmatch(other.mustSee("theirs", edit).Body)
	if mine == nil || theirs == nil || mine[1] != theirs[1] {
		t.Fatalf("base_rev fields %v %v", mine, theirs)
	}
	ts.clock.Add(2 * time.Second)
	other.mustPost("their save", edit, newsForm("body", "Their words.", "base_rev", theirs[1]))
	r := ed.postMultipart(edit, newsForm("body", "My words.", "base_rev", mine[1], "lead_alt", "A seminar room"),
		upload{"lead_upload", "room.png", testkit.PNG(t, 800, 600)})
	if r.Code != http.StatusConflict || !strings.Contains(r.Body, "saved by someone else") || !strings.Contains(r.Body, "My words.") {
		t.Fatalf("a save over another: %d %s", r.Code, excerpt(r.Body))
	}
	kept := regexp.MustCompile(`id="f-lead_media_id"[^>]*>(?s:.*?)<option value="(\d+)" selected`).FindStringSubmatch(r.Body)
	if kept == nil || !strings.Contains(r.Body, `value="A seminar room"`) {
		t.Fatal("the conflict lost the uploaded image or its alt text")
	}
	if n := ts.newsByID(edit); !strings.Contains(n.BodyMD, "Their words.") {
		t.Errorf("the refused save changed the item: %q", n.BodyMD)
	}
	again := rev.FindStringSubmatch(r.Body)
	ed.mustPost("knowing save", edit, newsForm("body", "My words.", "base_rev", again[1], "lead_media_id", kept[1], "lead_alt", "A seminar room"))
	if n := ts.newsByID(edit); n.BodyMD != "My words." || n.LeadImage.Alt != "A seminar room" {
		t.Errorf("after the knowing save: %q, alt %q", n.BodyMD, n.LeadImage.Alt)
	}
	// A form without the field (the first stage's) saves as before.
	ed.mustPost("plain save", edit, newsForm("body", "Plain."))
}

// TestContributorCannotPublish: whatever a contributor sends, nothing of
// theirs becomes public, and nothing of others' changes; an editor sees
// the draft waiting, sends it back with a note (by email), and publishes
// it once submitted again.
func TestContributorCannotPublish(t *testing.T) {
	ts := newTestServer(t)
	smtp := ts.withMail(testkit.SMTPOptions{})
	writer := ts.loginAs("contributor")
	ed := ts.loginAs("editor")
	theirs := ed.mustPost("editor's item", "/admin/news/new", newsForm("title", "Editor's own draft")).Header.Get("Location")

	loc := writer.mustPost("submit", "/admin/news/new", newsForm("action", "submit")).Header.Get("Location")
	if !strings.Contains(loc, "saved=submit") {
		t.Errorf("after submitting: %s", loc)
	}
	mine := strings.Split(loc, "?")[0]
	writer.mustSee("own draft", loc, "Submitted for review", "Waiting for review")
	forged := map[string]url.Values{
		"publish button":  newsForm("action", "publish"),
		"schedule button": newsForm("action", "schedule", "published_at", "2030-01-01T10:00"),
		"unknown button":  newsForm("action", "approve"),
		"status field":    newsForm("status", "published"),
	}
	for what, f := range forged {
		for _, target := range []string{"/admin/news/new", mine} {
			if r := writer.post(target, f); r.Code != http.StatusForbidden {
				t.Errorf("%s to %s: %d", what, target, r.Code)
			}
		}
	}
	for _, target := range []string{theirs, mine + "/trash", mine + "/share", mine + "/share/revoke", mine + "/return",
		"/admin/partners/new", "/admin/redirects", strings.Split(theirs, "?")[0]} {
		if r := writer.post(strings.Split(target, "?")[0], newsForm("note", "x")); r.Code != http.StatusForbidden {
			t.Errorf("POST %s by a contributor: %d", target, r.Code)
		}
	}
	writer.wantGet(http.StatusForbidden, strings.Split(theirs, "?")[0], "/admin/trash", "/admin/review", "/admin/partners")
	ts.mustGet("/news/labour-migration-seminar", http.StatusNotFound)

	// The editor's list and the send-back.
	ed.mustSee("review list", "/admin/review", "Labour migration seminar", "contributor")
	if r := ed.post(mine+"/return", url.Values{"note": {""}}); r.Code != http.StatusUnprocessableEntity {
		t.Errorf("a send-back without a note: %d", r.Code)
	}
	ed.mustPost("send back", mine+"/return", url.Values{"note": {"Name the five countries, please."}})
	if mails := mailsTo(smtp, "editor@example.org"); len(mails) != 1 || !strings.Contains(mails[0].Data, "Waiting for review: Labour migration seminar") {
		t.Errorf("the editor was not told of the submitted draft: %d mails", len(mails))
	}
	if mails := mailsTo(smtp, "contributor@example.org"); len(mails) != 1 || !strings.Contains(mails[0].Data, "Name the five countries") {
		t.Fatalf("the author was not told by email: %+v", mails)
	}
	writer.mustSee("dashboard", "/admin", "Sent back to you", "Name the five countries, please.")

	// Submitted again and published by the editor: public, and told.
	writer.mustPost("resubmit", mine, newsForm("action", "submit", "body", "Azerbaijan, Georgia, Moldova, Armenia and Ukraine."))
	ed.mustPost("publish", mine, newsForm("action", "publish", "body", "Azerbaijan, Georgia, Moldova, Armenia and Ukraine."))
	ts.mustGet("/news/labour-migration-seminar", http.StatusOK)
	if mails := mailsTo(smtp, "contributor@example.org"); len(mails) != 2 || !strings.Contains(mails[1].Data, "Published") {
		t.Errorf("the author was not told of the publication: %d mails", len(mails))
	}
	// Their list holds their own items only.
	if list := writer.mustSee("own list", "/admin/news", "Labour migration seminar"); strings.Contains(list.Body, "Editor&#39;s own draft") || strings.Contains(list.Body, "Editor's own draft") {
		t.Error("a contributor's list shows a colleague's item")
	}
	ed.mustSee("empty review list", "/admin/review", "Nothing is waiting for review")
	// Now public, the item is no longer the contributor's to change.
	if r := writer.post(mine, newsForm()); r.Code != http.StatusForbidden {
		t.Errorf("a contributor's save of their published item: %d", r.Code)
	}
}

// mailsTo are the mails the server received for one address.
func mailsTo(srv *testkit.SMTPServer, addr string) []testkit.Mail {
	var out []testkit.Mail
	for _, m := range srv.Mails() {
		if slices.Contains(m.To, addr) {
			out = append(out, m)
		}
	}
	return out
}

// TestSharedPreview: a preview link opens without signing in, marked and
// never cached or indexed; it ends when revoked or after 7 days; made-up
// links are 404.
func TestSharedPreview(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	edit := strings.Split(ed.mustPost("create", "/admin/news/new", newsForm("body", "Embargoed until Friday.")).Header.Get("Location"), "?")[0]
	r := ed.post(edit+"/share", nil)
	m := regexp.MustCompile(`value="[^"]*(/preview/[A-Za-z0-9_-]{32,})"`).FindStringSubmatch(r.Body)
	if r.Code != http.StatusOK || m == nil {
		t.Fatalf("share: %d %s", r.Code, excerpt(r.Body))
	}
	path := m[1]
	got := ts.mustGet(path, http.StatusOK)
	if got.Header.Get("Cache-Control") != "no-store" || !strings.Contains(got.Header.Get("X-Robots-Tag"), "noindex") ||
		!strings.Contains(got.Body, "Preview, not published") || !strings.Contains(got.Body, "Embargoed until Friday.") {
		t.Errorf("the shared preview: %q %q %s", got.Header.Get("Cache-Control"), got.Header.Get("X-Robots-Tag"), excerpt(got.Body))
	}
	if strings.Contains(got.Body, "/admin/") {
		t.Error("the shared preview links into the admin")
	}
	ed.mustSee("editor lists the link", edit, "Link made", "works until")
	ts.mustGet("/preview/"+strings.Repeat("A", 32), http.StatusNotFound)
	ts.mustGet("/preview/short", http.StatusNotFound)

	ed.mustPost("revoke", edit+"/share/revoke", nil)
	ts.mustGet(path, http.StatusNotFound)

	// A new link lives 7 days.
	m = regexp.MustCompile(`(/preview/[A-Za-z0-9_-]{32,})"`).FindStringSubmatch(ed.post(edit+"/share", nil).Body)
	ts.clock.Add(7*24*time.Hour - time.Minute)
	ts.mustGet(m[1], http.StatusOK)
	ts.clock.Add(2 * time.Minute)
	ts.mustGet(m[1], http.StatusNotFound)

	// An item moved to the trash is previewed by no one (a week on, the
	// editor signs in again).
	if r := ed.login(ed.user.Email, testPassword); r.Code != http.StatusSeeOther {
		t.Fatalf("sign in again: %d", r.Code)
	}
	m = regexp.MustCompile(`(/preview/[A-Za-z0-9_-]{32,})"`).FindStringSubmatch(ed.post(edit+"/share", nil).Body)
	ts.mustGet(m[1], http.StatusOK)
	ed.mustPost("trash", edit+"/trash", nil)
	ts.mustGet(m[1], http.StatusNotFound)
}

// TestAutosave: the editor's script keeps the body for its user; the
// editor offers it back while it is newer than the item; saving ends the
// offer; a contributor cannot write into others' items.
func TestAutosave(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	writer := ts.loginAs("contributor")
	edit := strings.Split(ed.mustPost("create", "/admin/news/new", newsForm()).Header.Get("Location"), "?")[0]
	id := editID(edit)
	ts.clock.Add(time.Minute)
	if r := ed.post("/admin/autosave/news/"+id, url.Values{"title": {"Draft title"}, "body": {"Typed on the train."}}); r.Code != http.StatusNoContent {
		t.Fatalf("autosave: %d %s", r.Code, excerpt(r.Body))
	}
	ed.mustSee("offer", edit, "Unsaved text was kept", "Typed on the train.")
	if r := ts.anonymous().get(edit); strings.Contains(r.Body, "Typed on the train.") {
		t.Error("the kept text is shown to someone else")
	}
	if r := writer.post("/admin/autosave/news/"+id, url.Values{"body": {"Not mine."}}); r.Code != http.StatusForbidden {
		t.Errorf("a contributor's autosave into an editor's item: %d", r.Code)
	}
	for target, want := range map[string]int{"/admin/autosave/news/999999": http.StatusNotFound, "/admin/autosave/nope/1": http.StatusNotFound,
		"/admin/autosave/news/x": http.StatusNotFound} {
		if r := ed.post(target, url.Values{"body": {"x"}}); r.Code != want {
			t.Errorf("%s: %d, want %d", target, r.Code, want)
		}
	}
	if r := ed.post("/admin/autosave/news/"+id, url.Values{"body": {strings.Repeat("x", 200_001)}}); r.Code != http.StatusUnprocessableEntity {
		t.Errorf("an over-long autosave: %d", r.Code)
	}
	ed.mustPost("save", edit, newsForm("body", "Typed on the train."))
	if r := ed.mustSee("after save", edit); strings.Contains(r.Body, "Unsaved text was kept") {
		t.Error("the kept text is still offered after the save")
	}
	// A new item's text, offered on the next new form.
	ed.post("/admin/autosave/news/0", url.Values{"title": {"Half a story"}, "body": {"Began but never saved."}})
	ed.mustSee("new form", "/admin/news/new", "Began but never saved.", "Half a story")
}
