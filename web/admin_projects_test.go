package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"orgsite/internal/content"
	"orgsite/internal/store"
	"orgsite/internal/testkit"
	"orgsite/internal/testkit/htmlcheck"
)

// editorPartners are the fixture's partner ids, by role in these tests.
type editorPartners struct{ eu, centre, iom, ministry string }

func editorPartnerIDs(t *testing.T, ts *testServer) editorPartners {
	t.Helper()
	id := func(key string) string {
		p, err := ts.st.PartnerByKey(ts.ctx(), key)
		if err != nil {
			t.Fatalf("fixture partner %s: %v", key, err)
		}
		return itoa64(p.ID)
	}
	return editorPartners{eu: id(fxEU), centre: id(fxCentre), iom: id(fxAgency), ministry: id(fxMinistry)}
}

// editorIDBySlug finds a saved item's id through the admin list.
func editorIDBySlug(t *testing.T, ts *testServer, k content.Kind, slug string) int64 {
	t.Helper()
	rows, _, err := ts.st.AdminList(ts.ctx(), k, store.ListFilter{Limit: 1000}, ts.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Entry.Slug == slug {
			return r.Entry.ID
		}
	}
	t.Fatalf("no %s with slug %q", k, slug)
	return 0
}

// editorLoad finds an item of kind k by slug and loads it with byID (the
// store's PageByID, ProjectByID…), as it is before the test changes
// anything.
func editorLoad[T any](t *testing.T, ts *testServer, k content.Kind, slug string, byID func(context.Context, int64) (T, error)) (int64, T) {
	t.Helper()
	id := editorIDBySlug(t, ts, k, slug)
	item, err := byID(ts.ctx(), id)
	if err != nil {
		t.Fatal(err)
	}
	return id, item
}

// editorSaveInert saves a new item with send (the form's encoding) and
// checks that its edit page and the admin preview carry no active content;
// it returns the edit page's address.
func editorSaveInert(t *testing.T, ed *staff, send func(string, url.Values) response, target string, form url.Values) string {
	t.Helper()
	r := send(target, form)
	if r.Code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", r.Code, excerpt(r.Body))
	}
	edit := strings.TrimSuffix(r.Header.Get("Location"), "?saved=1")
	editorInert(t, "the edit page", ed.get(edit).Body, true)
	form.Set("action", "preview")
	editorInert(t, "the admin preview", send(edit, form).Body, true)
	return edit
}

func editorCount(t *testing.T, ts *testServer, k content.Kind) int {
	t.Helper()
	_, total, err := ts.st.AdminList(ts.ctx(), k, store.ListFilter{Limit: 1}, ts.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	return total
}

// editorManyItems is a comma-separated list of n different items.
func editorManyItems(n int) string {
	items := make([]string, n)
	for i := range items {
		items[i] = "Item " + itoa(i)
	}
	return strings.Join(items, ", ")
}

// projectForm is a valid, published, EU-funded project.
func projectForm(p editorPartners) url.Values {
	return url.Values{
		"title": {"Border Data Exchange"}, "summary": {"Helping border agencies share data."}, "body": {"## Aims\n\nBetter data."},
		"status": {"published"}, "acronym": {"BORDEX"}, "start_date": {"2026-01-01"}, "end_date": {"2028-06-30"},
		"countries": {"Freedonia, Sylvania"}, "duty_stations": {"Lakeport, Rivermouth"}, "tags": {"Border management, Migration data"},
		"funders": {p.eu}, "implementers": {p.centre}, "partners": {p.iom, p.ministry}, "statement": {"co-funded"},
	}
}

func TestAdminProjectCreateEditRename(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	ids := editorPartnerIDs(t, ts)
	form := projectForm(ids)
	r := ed.postMultipart("/admin/projects/new", form)
	if r.Code != http.StatusSeeOther {
		t.Fatalf("create: %d %s", r.Code, excerpt(r.Body))
	}
	edit := strings.TrimSuffix(r.Header.Get("Location"), "?saved=1")
	if !strings.HasPrefix(edit, "/admin/projects/") || edit == r.Header.Get("Location") {
		t.Fatalf("Location %q", r.Header.Get("Location"))
	}
	page := ed.get(edit + "?saved=1")
	for _, want := range []string{"Saved.", `value="border-data-exchange"`, `value="BORDEX"`, `value="2026-01-01"`, `value="2028-06-30"`,
		`value="Freedonia, Sylvania"`, `value="Lakeport, Rivermouth"`, "Phase: <strong>ongoing</strong>", `value="co-funded" checked`,
		`name="funders" value="` + ids.eu + `" checked`, `name="partners" value="` + ids.ministry + `" checked`, "View on the site"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("edit page lacks %q", want)
		}
	}
	if strings.Contains(page.Body, `class="warning"`) {
		t.Errorf("a project that keeps the rules gets a warning")
	}

	pub := ts.mustGet("/projects/border-data-exchange", http.StatusOK)
	for _, want := range []string{"BORDEX", "Co-funded by the European Union", "Sylvania", "Rivermouth", "Border management", fxAgencyName} {
		if !strings.Contains(pub.Body, want) {
			t.Errorf("public page lacks %q", want)
		}
	}
	if !strings.Contains(pub.Body, "eu-emblem") {
		t.Error("no EU emblem on an EU-funded project without derogation")
	}
	if v := htmlcheck.FundingRuleViolations(pub.Body); len(v) > 0 {
		t.Errorf("funding rules broken: %q", v)
	}

	// The partners keep the order they had when a new one is ticked.
	id := editorIDBySlug(t, ts, content.KindProject, "border-data-exchange")
	p, err := ts.st.ProjectByID(ts.ctx(), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Partners) != 2 || len(p.Funders) != 1 || !p.Funders[0].EU || len(p.Implementers) != 1 {
		t.Fatalf("saved partners: %+v", p)
	}

	// Rename: the old address answers 301.
	form.Set("slug", "bordex")
	form.Set("end_date", "2029-12-31")
	if r := ed.postMultipart(edit, form); r.Code != http.StatusSeeOther {
		t.Fatalf("rename: %d %s", r.Code, excerpt(r.Body))
	}
	ts.mustMove("/projects/border-data-exchange", "/projects/bordex")
	if p, _ := ts.st.ProjectByID(ts.ctx(), id); p.EndDate.Format(time.DateOnly) != "2029-12-31" {
		t.Errorf("end date after edit: %v", p.EndDate)
	}
	// History keeps both revisions.
	if h := ed.get(edit + "/history"); h.Code != http.StatusOK {
		t.Errorf("history: %d", h.Code)
	}
	if revs, _ := ts.st.Revisions(ts.ctx(), content.KindProject, id); len(revs) != 2 {
		t.Errorf("%d revisions, want 2", len(revs))
	}
}

func TestAdminProjectListAndTrash(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	list := ed.get("/admin/projects")
	if list.Code != http.StatusOK || !strings.Contains(list.Body, fxOngoing.Acronym) || !strings.Contains(list.Body, "Add a project") {
		t.Fatalf("list: %d %s", list.Code, excerpt(list.Body))
	}
	if r := ed.get("/admin/projects?q=" + fxCompleted.Slug + "-nothing-like-this"); r.Code != http.StatusOK || strings.Contains(r.Body, fxOngoing.Acronym) {
		t.Errorf("search: %d", r.Code)
	}
	if r := ed.get("/admin/projects/new"); r.Code != http.StatusOK || !strings.Contains(r.Body, `name="_csrf"`) {
		t.Errorf("new form: %d", r.Code)
	}
	id := editorIDBySlug(t, ts, content.KindProject, fxOngoing.Slug)
	ed.mustPost("trash", "/admin/projects/"+itoa64(id)+"/trash", nil)
	ts.mustGet("/projects/"+fxOngoing.Slug, http.StatusGone)
	if r := ed.get("/admin/projects/" + itoa64(id)); r.Code != http.StatusNotFound {
		t.Errorf("edit a trashed project: %d", r.Code)
	}
}

func TestAdminProjectNotFound(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	ed.wantGet(http.StatusNotFound, "/admin/projects/99999", "/admin/projects/abc", "/admin/projects/0", "/admin/projects/-1")
	if r := ed.postMultipart("/admin/projects/99999", projectForm(editorPartnerIDs(t, ts))); r.Code != http.StatusNotFound {
		t.Errorf("POST to a missing project: %d", r.Code)
	}
	if n := editorCount(t, ts, content.KindProject); n != len(fxProjects) {
		t.Errorf("%d projects, want the fixture's %d", n, len(fxProjects))
	}
}

func TestAdminProjectValidation(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	ids := editorPartnerIDs(t, ts)
	ongoing, before := editorLoad(t, ts, content.KindProject, fxOngoing.Slug, ts.st.ProjectByID)
	tests := []struct {
		name   string
		target string
		change url.Values
		drop   []string
		want   []string
		code   int
	}{
		{"bad start date", "", url.Values{"start_date": {"31/12/2026"}}, nil, []string{"Enter the start date as year-month-day", `value="31/12/2026"`}, 422},
		{"impossible date", "", url.Values{"end_date": {"2027-02-30"}}, nil, []string{"Enter the end date as year-month-day"}, 422},
		{"end before start", "", url.Values{"start_date": {"2027-05-01"}, "end_date": {"2027-04-30"}}, nil, []string{"The end date must be on or after the start date."}, 422},
		{"unknown partner", "", url.Values{"implementers": {"99999"}}, nil, []string{"Choose the implementing agencies from the list."}, 422},
		{"partner not a number", "", url.Values{"partners": {ids.iom, "x' OR 1=1"}}, nil, []string{"Choose the partners from the list."}, 422},
		{"derogation without reason", "", url.Values{"derogation": {"1"}, "derogation_reason": {"   "}}, nil, []string{"Give the reason for the derogation", `id="f-derogation" name="derogation" value="1" checked`}, 422},
		{"EU funder without statement", "", nil, []string{"statement"}, []string{"The European Union is a funder: choose the statement"}, 422},
		{"unknown statement", "", url.Values{"statement": {"sponsored"}}, nil, []string{"Choose “Funded by” or “Co-funded by the European Union”."}, 422},
		{"duplicate slug", "", url.Values{"slug": {fxOngoing.Slug}}, nil, []string{"Another item already uses the address “" + fxOngoing.Slug + "”"}, 422},
		{"no title", "", url.Values{"title": {""}}, nil, []string{"Give a title."}, 422},
		{"too many countries", "", url.Values{"countries": {editorManyItems(70)}}, nil, []string{"Name at most 60 of them."}, 422},
		{"long acronym", "", url.Values{"acronym": {strings.Repeat("A", 41)}}, nil, []string{"The acronym is too long"}, 422},
		{"image not in library", "", url.Values{"lead_media_id": {"99999"}, "lead_alt": {"x"}}, nil, []string{"Choose an image from the list."}, 422},
		{"edit: end before start", "/admin/projects/" + itoa64(ongoing), url.Values{"slug": {fxOngoing.Slug}, "start_date": {"2030-01-01"}}, nil,
			[]string{"The end date must be on or after the start date.", "Phase: <strong>ongoing</strong>"}, 422},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := projectForm(ids)
			form.Set("summary", "kept summary text")
			for k, v := range tt.change {
				form[k] = v
			}
			for _, k := range tt.drop {
				form.Del(k)
			}
			target := tt.target
			if target == "" {
				target = "/admin/projects/new"
			}
			r := ed.postMultipart(target, form)
			if r.Code != tt.code {
				t.Fatalf("status %d, want %d: %s", r.Code, tt.code, excerpt(r.Body))
			}
			for _, want := range append(tt.want, "kept summary text", `class="error-summary"`, "has-error") {
				if !strings.Contains(r.Body, want) {
					t.Errorf("form lacks %q", want)
				}
			}
		})
	}
	if n := editorCount(t, ts, content.KindProject); n != len(fxProjects) {
		t.Errorf("refused forms wrote: %d projects", n)
	}
	if after, _ := ts.st.ProjectByID(ts.ctx(), ongoing); !after.UpdatedAt.Equal(before.UpdatedAt) || !after.StartDate.Equal(before.StartDate) {
		t.Errorf("a refused edit changed the project")
	}
}

func TestAdminProjectPreview(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	ids := editorPartnerIDs(t, ts)
	form := projectForm(ids)
	form.Set("body", "## Preview heading\n\n<script>alert(1)</script>")
	form.Del("statement")
	form.Set("action", "preview")
	r := ed.postMultipart("/admin/projects/new", form)
	if r.Code != http.StatusOK || !strings.Contains(r.Body, ">Preview heading</h2>") {
		t.Fatalf("preview: %d %s", r.Code, excerpt(r.Body))
	}
	if strings.Contains(r.Body, "<script>alert") {
		t.Error("the preview runs a script")
	}
	if !strings.Contains(r.Body, "would break the EU visibility rules") || !strings.Contains(r.Body, "Choose the funding statement") {
		t.Error("the preview does not warn about the missing statement")
	}
	if n := editorCount(t, ts, content.KindProject); n != len(fxProjects) {
		t.Errorf("preview saved: %d projects", n)
	}

	// Previewing a saved project changes nothing.
	id := editorIDBySlug(t, ts, content.KindProject, fxOngoing.Slug)
	before, _ := ts.st.ProjectByID(ts.ctx(), id)
	form = projectForm(ids)
	form.Set("title", "Changed in preview only")
	form.Set("action", "preview")
	if r := ed.postMultipart("/admin/projects/"+itoa64(id), form); r.Code != http.StatusOK || !strings.Contains(r.Body, "Changed in preview only") {
		t.Fatalf("preview of a saved project: %d", r.Code)
	}
	if after, _ := ts.st.ProjectByID(ts.ctx(), id); after.Title != before.Title || !after.UpdatedAt.Equal(before.UpdatedAt) {
		t.Errorf("preview changed the project: %q", after.Title)
	}
}

func TestAdminProjectVisibilityWarnings(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	ids := editorPartnerIDs(t, ts)
	// warning is the text of the page's first warning box, after checking
	// that every box is announced (role=status).
	warning := func(t *testing.T, body string) string {
		t.Helper()
		doc := htmlcheck.Parse(t, body)
		boxes := htmlcheck.FindAll(doc, func(n *html.Node) bool { return htmlcheck.HasClass(n, "warning") })
		for _, d := range boxes {
			if htmlcheck.Attr(d, "role") != "status" {
				t.Errorf("warning box without role=status: %s", htmlcheck.Text(d))
			}
		}
		if len(boxes) == 0 {
			return ""
		}
		return htmlcheck.Text(boxes[0])
	}

	// Statement missing on an EU-funded project: refused, and the box says why.
	form := projectForm(ids)
	form.Del("statement")
	r := ed.postMultipart("/admin/projects/new", form)
	if w := warning(t, r.Body); r.Code != 422 || !strings.Contains(w, "Choose the funding statement") {
		t.Errorf("statement missing: %d, warning %q", r.Code, w)
	}
	// Derogation without a reason.
	form = projectForm(ids)
	form.Set("derogation", "1")
	r = ed.postMultipart("/admin/projects/new", form)
	w := warning(t, r.Body)
	if r.Code != 422 || !strings.Contains(w, "A derogation from EU visibility needs a recorded reason.") {
		t.Errorf("derogation reason empty: %d, warning %q", r.Code, w)
	}
	if !strings.Contains(w, "the EU emblem") || !strings.Contains(w, "will not appear") {
		t.Errorf("no note that the emblem will not appear: %q", w)
	}
	// A project not funded by the EU needs neither.
	form = projectForm(ids)
	form.Set("funders", ids.ministry)
	form.Del("statement")
	if r := ed.postMultipart("/admin/projects/new", form); r.Code != http.StatusSeeOther {
		t.Errorf("non-EU project without statement: %d %s", r.Code, excerpt(r.Body))
	}

	// A saved project that breaks the rules (written by another route) is
	// flagged on its edit page.
	id := editorIDBySlug(t, ts, content.KindProject, fxOngoing.Slug)
	p, _ := ts.st.ProjectByID(ts.ctx(), id)
	p.Derogation, p.DerogationReason = true, ""
	pp := store.ProjectPartners{}
	for _, f := range p.Funders {
		pp.Funders = append(pp.Funders, f.ID)
	}
	for _, f := range p.Implementers {
		pp.Implementers = append(pp.Implementers, f.ID)
	}
	if err := ts.st.SaveProject(ts.ctx(), &p, nil, pp, ts.clock.Now()); err != nil {
		t.Fatal(err)
	}
	w = warning(t, ed.get("/admin/projects/"+itoa64(id)).Body)
	if !strings.Contains(w, "The saved project breaks") || !strings.Contains(w, "needs a recorded reason") {
		t.Errorf("saved problems not shown: %q", w)
	}

	// The EU partner without a logo: a warning, not a refusal.
	eu, err := ts.st.PartnerByKey(ts.ctx(), "eu")
	if err != nil {
		t.Fatal(err)
	}
	eu.Logo, eu.LogoWidth, eu.LogoHeight = "", 0, 0
	if err := ts.st.SavePartner(ts.ctx(), &eu, "eu", true, 0, ts.clock.Now()); err != nil {
		t.Fatal(err)
	}
	form = projectForm(ids)
	form.Set("action", "preview")
	w = warning(t, ed.postMultipart("/admin/projects/new", form).Body)
	if !strings.Contains(w, "has no logo") {
		t.Errorf("no warning for the EU partner without logo: %q", w)
	}
	form.Set("action", "save")
	form.Set("slug", "logo-less")
	if r := ed.postMultipart("/admin/projects/new", form); r.Code != http.StatusSeeOther {
		t.Errorf("EU partner without logo blocks saving: %d", r.Code)
	}
	pub := ts.mustGet("/projects/logo-less", http.StatusOK)
	if v := htmlcheck.FundingRuleViolations(pub.Body); len(v) > 0 || !strings.Contains(pub.Body, "eu-emblem") {
		t.Errorf("funding block with a logo-less EU partner: %q", v)
	}
}

func TestAdminProjectCSRF(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	ids := editorPartnerIDs(t, ts)
	id, before := editorLoad(t, ts, content.KindProject, fxOngoing.Slug, ts.st.ProjectByID)
	for _, target := range []string{"/admin/projects/new", "/admin/projects/" + itoa64(id), "/admin/projects/" + itoa64(id) + "/trash"} {
		for _, tok := range []string{"", "wrong"} {
			form := projectForm(ids)
			form.Set("_csrf", tok)
			if r := ed.postMultipart(target, form); r.Code != http.StatusForbidden {
				t.Errorf("%s with csrf %q: %d", target, tok, r.Code)
			}
			if r := ed.post(target, form); r.Code != http.StatusForbidden {
				t.Errorf("%s (urlencoded) with csrf %q: %d", target, tok, r.Code)
			}
		}
	}
	if n := editorCount(t, ts, content.KindProject); n != len(fxProjects) {
		t.Errorf("CSRF-less posts wrote: %d projects", n)
	}
	if after, _ := ts.st.ProjectByID(ts.ctx(), id); !after.UpdatedAt.Equal(before.UpdatedAt) || after.Title != before.Title {
		t.Error("CSRF-less post changed the project")
	}
	if r := ts.anonymous().postMultipart("/admin/projects/new", projectForm(ids)); r.Code != http.StatusForbidden {
		t.Errorf("anonymous post: %d", r.Code)
	}
}

// editorInert fails the test when a page carries active content: a script
// other than JSON-LD (and, on admin pages, the admin's own script file), an
// event handler attribute, a javascript: URL, an SVG or an iframe.
func editorInert(t *testing.T, where, body string, admin bool) {
	t.Helper()
	low := strings.ToLower(body)
	// The layout's own <details> is the phone menu; a typed one is not let
	// through (bluemonday drops the element).
	for _, bad := range []string{"<script>alert", "<svg", "<iframe", "<img src=x", "<details open", "<a href=\"javascript"} {
		if strings.Contains(low, bad) {
			t.Errorf("%s carries %q", where, bad)
		}
	}
	doc := htmlcheck.Parse(t, body)
	for _, s := range htmlcheck.ByAtom(doc, atom.Script) {
		ok := htmlcheck.Attr(s, "type") == "application/ld+json" || admin && strings.HasPrefix(htmlcheck.Attr(s, "src"), "/assets/js/")
		if !ok {
			t.Errorf("%s: a <script type=%q src=%q>", where, htmlcheck.Attr(s, "type"), htmlcheck.Attr(s, "src"))
		}
	}
	for _, n := range htmlcheck.FindAll(doc, func(*html.Node) bool { return true }) {
		if n.DataAtom == atom.Svg || n.DataAtom == atom.Iframe || n.DataAtom == atom.Object || n.DataAtom == atom.Embed {
			t.Errorf("%s: a <%s> element", where, n.Data)
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") {
				t.Errorf("%s: <%s %s=%q>", where, n.Data, a.Key, a.Val)
			}
			switch a.Key {
			case "href", "src", "srcset", "action", "formaction", "poster", "data":
				v := strings.Map(func(r rune) rune {
					if r <= ' ' {
						return -1
					}
					return r
				}, strings.ToLower(a.Val))
				if strings.Contains(v, "javascript:") || strings.Contains(v, "vbscript:") || strings.HasPrefix(v, "data:text") {
					t.Errorf("%s: <%s %s=%q>", where, n.Data, a.Key, a.Val)
				}
			}
		}
	}
}

// editorXSSBody is Markdown full of the usual attacks.
const editorXSSBody = "Body xssword.\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n" +
	"[a](javascript:alert(3)) [b](JaVaScRiPt:alert(4)) [c]( javascript&#58;alert(5)) ![d](javascript:alert(6))\n\n" +
	"<a href=\"jav&#x09;ascript:alert(7)\">e</a> <a href=\"/ok\" onclick=\"alert(8)\">f</a>\n\n" +
	"<svg onload=alert(9)><circle r=\"1\"/></svg>\n\n<iframe src=\"https://evil.example\"></iframe>\n\n" +
	"<details open ontoggle=alert(10)>g</details>\n\n<object data=\"x.swf\"></object>"

func TestAdminProjectXSS(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	ids := editorPartnerIDs(t, ts)
	images, err := ts.st.ImageOptions(ts.ctx())
	if err != nil || len(images) == 0 {
		t.Fatalf("fixture images: %v", err)
	}
	form := url.Values{
		"title":             {`Project </title><script>alert(1)</script>`},
		"slug":              {"xss-project"},
		"summary":           {`"><img src=x onerror=alert(2)> summary`},
		"body":              {editorXSSBody},
		"status":            {"published"},
		"acronym":           {`<svg onload=alert(3)>`},
		"start_date":        {"2026-01-01"},
		"end_date":          {"2027-01-01"},
		"countries":         {`<iframe src=javascript:alert(4)>, Sylvania`},
		"duty_stations":     {`<script>alert(5)</script>, "onmouseover=alert(6) x="`},
		"tags":              {`<img src=x onerror=alert(7)>, <a href=javascript:alert(8)>t</a>`},
		"funders":           {ids.eu},
		"implementers":      {ids.centre},
		"statement":         {"funded"},
		"derogation_reason": {`<script>alert(9)</script>`},
		"lead_media_id":     {itoa64(images[0].ID)},
		"lead_alt":          {`" onerror="alert(10)" x="<script>alert(11)</script>`},
		"lead_credit":       {`<img src=x onerror=alert(12)>`},
	}
	multipart := func(target string, form url.Values) response { return ed.postMultipart(target, form) }
	edit := editorSaveInert(t, ed, multipart, "/admin/projects/new", form)
	editorInert(t, "the full-page preview", ed.get("/admin/preview/project/"+strings.TrimPrefix(edit, "/admin/projects/")).Body, true)

	pub := ts.mustGet("/projects/xss-project", http.StatusOK)
	if !strings.Contains(pub.Body, "xssword") || !strings.Contains(pub.Body, "eu-emblem") {
		t.Fatalf("public page lacks the body or the emblem: %s", excerpt(pub.Body))
	}
	if v := htmlcheck.FundingRuleViolations(pub.Body); len(v) > 0 {
		t.Errorf("funding rules broken: %q", v)
	}
	for _, p := range []string{"/projects/xss-project", "/projects", "/", "/sitemap", "/search?q=xssword"} {
		editorInert(t, p, ts.mustGet(p, http.StatusOK).Body, false)
	}
	for _, tag := range []string{`<img src=x onerror=alert(7)>`, `<a href=javascript:alert(8)>t</a>`} {
		editorInert(t, "tag page", ts.mustGet("/tags/"+content.Slugify(tag), http.StatusOK).Body, false)
	}
}

// TestAdminProjectPhase: the status line follows the dates.
func TestAdminProjectPhase(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	ids := editorPartnerIDs(t, ts)
	for _, tt := range []struct{ start, end, phase string }{
		{"2027-01-01", "2028-01-01", "upcoming"},
		{"2024-01-01", "2025-01-01", "completed"},
		{"", "", "ongoing"},
	} {
		form := projectForm(ids)
		form.Set("slug", "phase-"+tt.phase)
		form.Set("start_date", tt.start)
		form.Set("end_date", tt.end)
		r := ed.postMultipart("/admin/projects/new", form)
		if r.Code != http.StatusSeeOther {
			t.Fatalf("%s: %d %s", tt.phase, r.Code, excerpt(r.Body))
		}
		if page := ed.get(r.Header.Get("Location")); !strings.Contains(page.Body, "Phase: <strong>"+tt.phase+"</strong>") {
			t.Errorf("%s..%s: phase not shown as %s", tt.start, tt.end, tt.phase)
		}
	}
}

func TestAdminProjectLeadImageUpload(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	ids := editorPartnerIDs(t, ts)
	images, _ := ts.st.ImageOptions(ts.ctx())

	// An upload without alternative text is refused, but the file is kept:
	// stored in the library and chosen in the form shown again.
	form := projectForm(ids)
	r := ed.postMultipart("/admin/projects/new", form, upload{"lead_upload", "photo.png", testkit.PNG(t, 64, 48)})
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Describe the image") || !strings.Contains(r.Body, `class="thumb"`) {
		t.Fatalf("upload without alt: %d", r.Code)
	}
	if now, _ := ts.st.ImageOptions(ts.ctx()); len(now) != len(images)+1 {
		t.Fatalf("the refused save's file is not kept: %d images, had %d", len(now), len(images))
	}
	images, _ = ts.st.ImageOptions(ts.ctx())
	// A file that is not an image is refused with a message.
	form.Set("lead_alt", "Officials at a border crossing")
	r = ed.postMultipart("/admin/projects/new", form, upload{"lead_upload", "photo.png", []byte("<svg onload=alert(1)></svg>")})
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="e-lead_upload"`) {
		t.Fatalf("bad upload: %d %s", r.Code, excerpt(r.Body))
	}
	if now, _ := ts.st.ImageOptions(ts.ctx()); len(now) != len(images) || editorCount(t, ts, content.KindProject) != len(fxProjects) {
		t.Fatal("a refused upload left something behind")
	}
	// A good one is stored in the library and shown with its alt text.
	r = ed.postMultipart("/admin/projects/new", form, upload{"lead_upload", "photo.png", testkit.PNG(t, 64, 48)})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", r.Code, excerpt(r.Body))
	}
	if now, _ := ts.st.ImageOptions(ts.ctx()); len(now) != len(images)+1 {
		t.Errorf("the upload is not in the library")
	}
	pub := ts.mustGet("/projects/border-data-exchange", http.StatusOK)
	if !strings.Contains(pub.Body, `alt="Officials at a border crossing"`) {
		t.Error("the lead image is not on the public page with its alt text")
	}
	if page := ed.get(r.Header.Get("Location")); !strings.Contains(page.Body, `class="thumb"`) {
		t.Error("the edit page does not show the chosen image")
	}
}
