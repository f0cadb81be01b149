package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"orgsite/internal/content"
	"orgsite/internal/store"
	"orgsite/internal/testkit"
)

// partnerForm is a valid partner form; tests change what they check.
func partnerForm(name string) url.Values {
	return url.Values{"name": {name}, "key": {""}, "url": {"https://www.example.org/"}, "logo": {"none"},
		"on_home": {"1"}, "position": {"7"}}
}

// partnerCount is how many partners there are.
func partnerCount(t *testing.T, ts *testServer) int {
	t.Helper()
	ps, err := ts.st.Partners(ts.ctx())
	if err != nil {
		t.Fatal(err)
	}
	return len(ps)
}

func TestPartnerCreateEdit(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	ed.mustSee("new form", "/admin/partners/new", `name="_csrf"`, `value="5"`)
	r := ed.mustPost("create", "/admin/partners/new", partnerForm("Danish Refugee Council"))
	edit := strings.TrimSuffix(r.Header.Get("Location"), "?saved=1")
	if !strings.HasPrefix(edit, "/admin/partners/") || !strings.HasSuffix(r.Header.Get("Location"), "?saved=1") {
		t.Fatalf("Location %q", r.Header.Get("Location"))
	}
	id, _ := strconv.ParseInt(strings.TrimPrefix(edit, "/admin/partners/"), 10, 64)
	p, err := ts.st.PartnerByID(ts.ctx(), id)
	if err != nil {
		t.Fatal(err)
	}
	if p.Key != "danish-refugee-council" || p.Name != "Danish Refugee Council" || p.URL != "https://www.example.org/" || !p.OnHome || p.Position != 7 || p.EU || p.Logo != "" {
		t.Errorf("saved %+v", p)
	}
	page := ed.get(edit + "?saved=1")
	if page.Code != 200 || !strings.Contains(page.Body, "Saved.") || !strings.Contains(page.Body, `value="danish-refugee-council"`) {
		t.Errorf("edit page: %d", page.Code)
	}
	if home := ts.mustGet("/", 200); !strings.Contains(home.Body, "Danish Refugee Council") {
		t.Error("partner shown on the home page missing")
	}
	list := ed.get("/admin/partners")
	if list.Code != 200 || !strings.Contains(list.Body, "Danish Refugee Council") || !strings.Contains(list.Body, "European Union") {
		t.Errorf("list: %d", list.Code)
	}
	if s := ed.get("/admin/partners?q=danish"); !strings.Contains(s.Body, "Danish Refugee Council") || strings.Contains(s.Body, "Ministry of Foreign") {
		t.Error("search by name")
	}

	// Edit: a typed key is normalised; unchecked boxes turn off.
	f := partnerForm("DRC – Danish Refugee Council")
	f.Set("key", "DRC Denmark")
	f.Del("on_home")
	f.Set("is_eu", "1")
	f.Set("url", "HTTPS://www.DRC.ngo/en")
	f.Set("position", "")
	ed.mustPost("edit", edit, f)
	p, _ = ts.st.PartnerByID(ts.ctx(), id)
	if p.Key != "drc-denmark" || p.OnHome || !p.EU || p.Name != "DRC – Danish Refugee Council" || p.URL != "https://www.DRC.ngo/en" || p.Position != 0 {
		t.Errorf("after edit %+v", p)
	}
	log, _, _ := ts.st.AuditLog(ts.ctx(), 5, 0)
	if len(log) < 2 || log[0].Action != "partner updated" || log[1].Action != "partner created" || log[0].UserName != "editor" {
		t.Errorf("audit %+v", log)
	}
	if r := ed.get("/admin/partners/999999"); r.Code != http.StatusNotFound {
		t.Errorf("unknown partner: %d", r.Code)
	}
	if r := ed.post("/admin/partners/999999", partnerForm("X")); r.Code != http.StatusNotFound {
		t.Errorf("post to unknown partner: %d", r.Code)
	}
}

func TestPartnerValidation(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	before := partnerCount(t, ts)
	cases := []struct {
		name  string
		field string
		value string
		want  string
	}{
		{"javascript url", "url", "javascript:alert(1)", "Only web addresses"},
		{"mixed-case javascript", "url", "JaVaScRiPt:alert(document.cookie)", "Only web addresses"},
		{"spaced javascript", "url", "  javascript:alert(1)", "Only web addresses"},
		{"data url", "url", "data:text/html,<script>alert(1)</script>", "Only web addresses"},
		{"vbscript", "url", "vbscript:msgbox(1)", "Only web addresses"},
		{"no scheme", "url", "www.example.org", "starting with https://"},
		{"scheme only", "url", "https://", "starting with https://"},
		{"protocol-relative", "url", "//evil.example/", "starting with https://"},
		{"tab in scheme", "url", "java\tscript:alert(1)", "starting with https://"},
		{"missing name", "name", "", "Give the organisation"},
		{"duplicate key", "key", "eu", "Another partner already uses the key “eu”"},
		{"key without letters", "key", "---", "Use letters or digits"},
		{"bad position", "position", "first", "whole number"},
		{"unknown logo", "logo", "999999", "Choose a logo from the list."},
		{"keep without logo", "logo", "keep", "Choose a logo from the list."},
		{"name too long", "name", strings.Repeat("n", 201), "at most 200"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := partnerForm("Kept <b>name</b>")
			f.Set(tc.field, tc.value)
			r := ed.post("/admin/partners/new", f)
			if r.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d: %s", r.Code, excerpt(r.Body))
			}
			if !strings.Contains(r.Body, tc.want) || !strings.Contains(r.Body, `aria-invalid="true"`) || !strings.Contains(r.Body, "error-summary") {
				t.Errorf("page lacks %q", tc.want)
			}
			if tc.field != "name" && !strings.Contains(r.Body, `value="Kept &lt;b&gt;name&lt;/b&gt;"`) {
				t.Error("the name typed was not kept")
			}
			if strings.Contains(r.Body, `href="javascript`) || strings.Contains(r.Body, `href="JaVaScRiPt`) {
				t.Error("a javascript: link reached the page")
			}
			if n := partnerCount(t, ts); n != before {
				t.Errorf("a refused form wrote a partner")
			}
		})
	}
	// An existing partner keeps its URL when a bad one is refused.
	eu, _ := ts.st.PartnerByKey(ts.ctx(), "eu")
	f := partnerForm("European Union")
	f.Set("key", "eu")
	f.Set("url", "javascript:alert(1)")
	if r := ed.post("/admin/partners/"+strconv.FormatInt(eu.ID, 10), f); r.Code != http.StatusUnprocessableEntity {
		t.Errorf("edit with bad URL: %d", r.Code)
	}
	if got, _ := ts.st.PartnerByKey(ts.ctx(), "eu"); got.URL != eu.URL {
		t.Errorf("URL changed to %q", got.URL)
	}
}

func TestPartnerLogo(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	eu, _ := ts.st.PartnerByKey(ts.ctx(), "eu")
	edit := "/admin/partners/" + strconv.FormatInt(eu.ID, 10)
	page := ed.get(edit)
	if page.Code != 200 || !strings.Contains(page.Body, `<option value="keep" selected>Keep the current logo (logos/eu.svg)</option>`) {
		t.Fatalf("edit page: %d %s", page.Code, excerpt(page.Body))
	}

	// Saving without touching the logo keeps the asset and its size.
	f := partnerForm("European Union")
	f.Set("key", "eu")
	f.Set("is_eu", "1")
	f.Set("logo", "keep")
	f.Set("url", "https://european-union.europa.eu/")
	ed.mustPost("save", edit, f)
	got, _ := ts.st.PartnerByID(ts.ctx(), eu.ID)
	if got.Logo != "logos/eu.svg" || got.LogoWidth != 810 || got.LogoHeight != 540 || !got.EU {
		t.Errorf("kept logo: %+v", got)
	}

	// A library image: its URL and size come from the record.
	mediaUpload(ed, "iom.png", testkit.PNG(t, 300, 100), "IOM logo")
	m := mediaNewest(t, ts)
	iom, _ := ts.st.PartnerByKey(ts.ctx(), fxAgency)
	f = partnerForm(iom.Name)
	f.Set("key", fxAgency)
	f.Set("logo", strconv.FormatInt(m.ID, 10))
	ed.mustPost("choose image", "/admin/partners/"+strconv.FormatInt(iom.ID, 10), f)
	pi, _ := ts.st.PartnerByID(ts.ctx(), iom.ID)
	if pi.Logo != "/media/"+m.Name || pi.LogoWidth != 300 || pi.LogoHeight != 100 {
		t.Errorf("library logo: %+v", pi)
	}
	if page := ed.get("/admin/partners/" + strconv.FormatInt(iom.ID, 10)); !strings.Contains(page.Body, `value="`+strconv.FormatInt(m.ID, 10)+`" selected`) {
		t.Error("the library image is not preselected")
	}
	if home := ts.mustGet("/", 200); !strings.Contains(home.Body, `src="/media/`+m.Name+`"`) {
		t.Error("the new logo is not on the home page")
	}
	if used, _ := ts.st.MediaUsage(ts.ctx(), m.ID); len(used) != 1 || used[0].Kind != "partner" {
		t.Errorf("usage %+v", used)
	}
	if r := ed.post("/admin/media/"+strconv.FormatInt(m.ID, 10)+"/delete", url.Values{"confirm": {"yes"}}); r.Code != http.StatusConflict {
		t.Errorf("deleting a logo in use: %d", r.Code)
	}
	// A document cannot be a logo.
	mediaUpload(ed, "doc.pdf", []byte(testkit.PDF), "")
	doc := mediaNewest(t, ts)
	f.Set("logo", strconv.FormatInt(doc.ID, 10))
	if r := ed.post("/admin/partners/"+strconv.FormatInt(iom.ID, 10), f); r.Code != http.StatusUnprocessableEntity {
		t.Errorf("PDF as logo: %d", r.Code)
	}

	// Upload with the form: stored in the library and used.
	total := mediaTotal(t, ts)
	f = partnerForm("UNHCR")
	r := ed.postMultipart("/admin/partners/new", f, upload{"logo_upload", "unhcr.png", testkit.PNG(t, 200, 80)})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("upload logo: %d %s", r.Code, excerpt(r.Body))
	}
	up := mediaNewest(t, ts)
	un, _ := ts.st.PartnerByKey(ts.ctx(), "unhcr")
	if un.Logo != "/media/"+up.Name || un.LogoWidth != 200 || mediaTotal(t, ts) != total+1 || up.Alt != "UNHCR" {
		t.Errorf("uploaded logo: %+v %+v", un, up)
	}
	// Refused uploads: the partner is not saved.
	before := partnerCount(t, ts)
	for name, body := range map[string][]byte{"logo.pdf": []byte(testkit.PDF), "logo.svg": []byte(`<svg><script>alert(1)</script></svg>`)} {
		r := ed.postMultipart("/admin/partners/new", partnerForm("Refused Logo Org"), upload{"logo_upload", name, body})
		if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="e-logo_upload"`) {
			t.Errorf("%s: %d %s", name, r.Code, excerpt(r.Body))
		}
	}
	if partnerCount(t, ts) != before || mediaTotal(t, ts) != total+1 {
		t.Error("a refused logo wrote something")
	}
}

func TestPartnerDelete(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	iom, _ := ts.st.PartnerByKey(ts.ctx(), fxAgency)
	del := "/admin/partners/" + strconv.FormatInt(iom.ID, 10) + "/delete"
	for _, r := range []response{ed.get(del), ed.post(del, url.Values{"confirm": {"yes"}})} {
		if r.Code != http.StatusConflict || !strings.Contains(r.Body, "cannot be deleted") || !strings.Contains(r.Body, "Mobility") {
			t.Errorf("delete of a partner in use: %d %s", r.Code, excerpt(r.Body))
		}
	}
	if _, err := ts.st.PartnerByID(ts.ctx(), iom.ID); err != nil {
		t.Fatal("a partner in use was deleted")
	}

	// An unused one: confirmation, then gone.
	r := ed.post("/admin/partners/new", partnerForm("Short-lived Org"))
	id := strings.TrimSuffix(strings.TrimPrefix(r.Header.Get("Location"), "/admin/partners/"), "?saved=1")
	del = "/admin/partners/" + id + "/delete"
	if c := ed.get(del); c.Code != 200 || !strings.Contains(c.Body, "for good?") {
		t.Errorf("confirmation: %d", c.Code)
	}
	if r := ed.post(del, nil); r.Code != 200 {
		t.Errorf("without confirm: %d", r.Code)
	}
	if r := ed.post(del, url.Values{"confirm": {"yes"}, "_csrf": {""}}); r.Code != http.StatusForbidden {
		t.Errorf("without CSRF: %d", r.Code)
	}
	if _, err := ts.st.PartnerByKey(ts.ctx(), "short-lived-org"); err != nil {
		t.Fatal("deleted without confirmation")
	}
	if r := ed.post(del, url.Values{"confirm": {"yes"}}); r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/admin/partners?deleted=1" {
		t.Fatalf("delete: %d", r.Code)
	}
	if _, err := ts.st.PartnerByKey(ts.ctx(), "short-lived-org"); err != content.ErrNotFound {
		t.Errorf("still there: %v", err)
	}
	if l := ed.get("/admin/partners?deleted=1"); !strings.Contains(l.Body, "The partner was deleted.") {
		t.Error("no flash")
	}
	log, _, _ := ts.st.AuditLog(ts.ctx(), 1, 0)
	if len(log) != 1 || log[0].Action != "partner deleted" || log[0].Detail != "Short-lived Org" {
		t.Errorf("audit %+v", log)
	}
}

func TestPartnerXSSNeverActive(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	payload := `<script>alert(1)</script><img src=x onerror=alert(2)><iframe src="javascript:alert(3)"></iframe>`
	f := partnerForm("Evil " + payload)
	f.Set("key", "evil")
	ed.mustPost("save", "/admin/partners/new", f)
	p, _ := ts.st.PartnerByKey(ts.ctx(), "evil")
	// Name it on a project so that it shows on a project page too.
	eu, _ := ts.st.PartnerByKey(ts.ctx(), "eu")
	pr := &content.Project{Entry: content.Entry{Slug: "evil-test", Title: "Evil test", Status: content.StatusPublished, PublishedAt: ts.clock.Now()}}
	if err := ts.st.SaveProject(ts.ctx(), pr, nil, store.ProjectPartners{Funders: []int64{eu.ID}, Partners: []int64{p.ID}}, ts.clock.Now()); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{"/", "/projects/evil-test", "/admin/partners", "/admin/partners/" + strconv.FormatInt(p.ID, 10)} {
		var body string
		if strings.HasPrefix(target, "/admin") {
			body = ed.get(target).Body
		} else {
			body = ts.mustGet(target, 200).Body
		}
		if !strings.Contains(body, "Evil &lt;script&gt;") {
			t.Errorf("%s does not show the name escaped", target)
		}
		for _, bad := range []string{"<script>alert", "<img src=x", "<iframe"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s contains %q", target, bad)
			}
		}
	}
	// Now the project names it: deleting is refused.
	if r := ed.post("/admin/partners/"+strconv.FormatInt(p.ID, 10)+"/delete", url.Values{"confirm": {"yes"}}); r.Code != http.StatusConflict || !strings.Contains(r.Body, "Evil test") {
		t.Errorf("delete a partner named by a new project: %d", r.Code)
	}
}

func TestPartnerRolesAndCSRF(t *testing.T) {
	ts := newTestServer(t)
	before := partnerCount(t, ts)
	ed := ts.loginAs("editor")
	if r := ed.post("/admin/partners/new", url.Values{"name": {"Sneaky"}, "_csrf": {""}}); r.Code != http.StatusForbidden {
		t.Errorf("no token: %d", r.Code)
	}
	if r := ts.anonymous().post("/admin/partners/new", url.Values{"name": {"Sneaky"}}); r.Code != http.StatusForbidden {
		t.Errorf("anonymous: %d", r.Code)
	}
	if r := ts.anonymous().get("/admin/partners"); r.Code != http.StatusSeeOther {
		t.Errorf("anonymous list: %d", r.Code)
	}
	if partnerCount(t, ts) != before {
		t.Error("a refused post wrote a partner")
	}
	ad := ts.loginAs("admin")
	if r := ad.post("/admin/partners/new", partnerForm("Admin Org")); r.Code != http.StatusSeeOther {
		t.Errorf("admin: %d", r.Code)
	}
	for target, want := range map[string]int{"/admin/partners?page=0": 400, "/admin/partners?page=9": 404, "/admin/partners/x": 404, "/admin/partners/1/delete": 409} {
		if r := ed.get(target); r.Code != want {
			t.Errorf("GET %s: %d, want %d", target, r.Code, want)
		}
	}
}
