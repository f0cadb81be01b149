package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apognu/gocal"
	"github.com/go-pdf/fpdf"
	"golang.org/x/net/html/atom"

	"orgsite/internal/content"
	"orgsite/internal/pdfdoc"
	"orgsite/internal/testkit"
	"orgsite/internal/testkit/htmlcheck"
	"orgsite/web/form"
)

// idOf is the id of the item of kind k with slug, in any language.
func (ts *testServer) idOf(k content.Kind, slug string) int64 {
	ts.t.Helper()
	rows, _, err := ts.st.AdminList(ts.ctx(), k, storeFilterAll(), ts.clock.Now())
	if err != nil {
		ts.t.Fatal(err)
	}
	for _, r := range rows {
		if r.Entry.Slug == slug {
			return r.Entry.ID
		}
	}
	ts.t.Fatalf("no %s %q", k, slug)
	return 0
}

// eventValues is a saved event's editor as it would be posted unchanged.
func eventValues(t *testing.T, ts *testServer, id int64) url.Values {
	t.Helper()
	e, err := ts.st.EventByID(ts.ctx(), id)
	if err != nil {
		t.Fatal(err)
	}
	zone, _ := time.LoadLocation("Europe/Vienna")
	f := form.EventOf(e, zone)
	v := url.Values{"title": {f.Title}, "slug": {f.Slug}, "summary": {f.Summary}, "body": {f.Body}, "status": {f.Status},
		"published_at": {f.PublishedAt}, "lang": {f.Lang}, "starts_at": {f.StartsAt}, "ends_at": {f.EndsAt}, "venue": {f.Venue},
		"city": {f.City}, "country": {f.Country}, "online_url": {f.OnlineURL}, "registration_url": {f.RegistrationURL},
		"registration_deadline": {f.RegistrationDeadline}, "project_id": {f.ProjectID}, "tags": {f.Tags}}
	if f.AllDay {
		v.Set("all_day", "1")
	}
	return v
}

// pdfOf writes a PDF of pages pages whose text holds words.
func pdfOf(t *testing.T, title string, pages int, words string) []byte {
	t.Helper()
	paras := []string{words}
	for i := 1; i < pages; i++ {
		paras = append(paras, "\f", "Page "+strconv.Itoa(i+1))
	}
	var b bytes.Buffer
	if err := pdfdoc.Write(&b, title, "Test Author", paras); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// lockedPDF is a PDF that opens only with a password.
func lockedPDF(t *testing.T) []byte {
	t.Helper()
	f := fpdf.New("P", "mm", "A4", "")
	f.SetProtection(fpdf.CnProtectPrint, "secret", "owner")
	f.AddPage()
	f.SetFont("Helvetica", "", 12)
	f.Cell(40, 10, "Locked")
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// ldOf is the page's JSON-LD objects of a type.
func ldOf(t *testing.T, body, typ string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, s := range htmlcheck.ByAtom(htmlcheck.Parse(t, body), atom.Script) {
		if htmlcheck.Attr(s, "type") != "application/ld+json" {
			continue
		}
		var v map[string]any
		if err := json.Unmarshal([]byte(htmlcheck.Text(s)), &v); err != nil {
			t.Fatalf("JSON-LD does not parse: %v", err)
		}
		if v["@type"] == typ {
			out = append(out, v)
		}
	}
	return out
}

func wantKeys(t *testing.T, what string, v map[string]any, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if v[k] == nil || v[k] == "" {
			t.Errorf("%s JSON-LD lacks %q: %v", what, k, v)
		}
	}
}

func TestPublicationUploadAndSearch(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	form := url.Values{"title": {"Seasonal work in practice"}, "summary": {"What seasonal schemes teach."}, "type": {"report"},
		"authors": {"Ana Ionescu, Jan Novak"}, "doc_lang": {"en"}, "isbn": {"978-3-16-148410-0"}, "status": {"published"}, "tags": {"Research"}}
	doc := pdfOf(t, "Seasonal work in practice", 3, "The word quokkaberry appears only inside the document.")

	// Bad files are refused beside the field, and nothing is written.
	for _, bad := range []struct {
		name string
		body []byte
		want string
	}{
		{"fake.pdf", []byte("%PDF-1.7\nnot really a document\n%%EOF\n"), "not a readable PDF"},
		{"half.pdf", doc[:len(doc)/2], "not a readable PDF"},
		{"locked.pdf", lockedPDF(t), "protected by a password"},
		{"photo.pdf", testkit.PNG(t, 10, 10), "is not a PDF"},
	} {
		r := ed.postMultipart("/admin/publications/new", form, upload{"document", bad.name, bad.body})
		if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, bad.want) {
			t.Errorf("%s: %d, want 422 with %q\n%s", bad.name, r.Code, bad.want, excerpt(r.Body))
		}
	}
	if _, total, _ := ts.st.AdminList(ts.ctx(), content.KindPublication, storeFilterAll(), ts.clock.Now()); total != 0 {
		t.Fatalf("a refused form wrote %d publications", total)
	}
	// Published without a document: refused.
	if r := ed.post("/admin/publications/new", form); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Upload the publication") {
		t.Errorf("no document: %d", r.Code)
	}

	r := ed.postMultipart("/admin/publications/new", form, upload{"document", "seasonal.pdf", doc})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("create: %d %s", r.Code, excerpt(r.Body))
	}
	page := ts.mustGet("/publications/seasonal-work-in-practice", http.StatusOK)
	for _, want := range []string{"3 pages", "Ana Ionescu, Jan Novak", "9783161484100", `type="application/pdf"`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("publication page lacks %q", want)
		}
	}
	books := ldOf(t, page.Body, "Book") // an ISBN makes it a Book
	if len(books) != 1 {
		t.Fatalf("JSON-LD: want one Book, got %d", len(books))
	}
	wantKeys(t, "Book", books[0], "name", "datePublished", "author", "isbn", "encoding", "numberOfPages")
	// The document's text is searchable, not only the page's.
	if s := ts.mustGet("/search?q=quokkaberry", http.StatusOK); !strings.Contains(s.Body, `href="/publications/seasonal-work-in-practice"`) {
		t.Errorf("search does not find the word in the PDF:\n%s", excerpt(s.Body))
	}
	// A 200-page document is taken.
	form.Set("title", "A long manual")
	form.Set("isbn", "")
	if r := ed.postMultipart("/admin/publications/new", form, upload{"document", "long.pdf", pdfOf(t, "Long", 200, "long")}); r.Code != http.StatusSeeOther {
		t.Fatalf("200 pages: %d %s", r.Code, excerpt(r.Body))
	}
	if p := ts.mustGet("/publications/a-long-manual", http.StatusOK); !strings.Contains(p.Body, "200 pages") || len(ldOf(t, p.Body, "Report")) != 1 {
		t.Error("the long manual does not say 200 pages or is not a Report")
	}
}

func TestPublicationFilters(t *testing.T) {
	ts := newDemoServer(t)
	list := ts.mustGet("/publications", http.StatusOK)
	if n := strings.Count(list.Body, `class="card card-publication"`); n != 4 {
		t.Errorf("/publications lists %d publications, want 4", n)
	}
	both := ts.mustGet("/publications?type=report&year=2024", http.StatusOK)
	if !strings.Contains(both.Body, "partnership-in-practice") || strings.Contains(both.Body, "labour-migration-data-study\"") {
		t.Errorf("type and year do not combine")
	}
	if !strings.Contains(both.Body, `<meta name="robots" content="noindex`) {
		t.Error("a filtered list is indexed")
	}
	if none := ts.mustGet("/publications?type=leaflet&year=2024", http.StatusOK); !strings.Contains(none.Body, "No publication matches") {
		t.Error("an empty combination says nothing")
	}
	for _, bad := range []string{"/publications?type=novel", "/publications?year=24", "/publications?year=abcd", "/publications?project=x",
		"/publications?project=-1", "/publications?page=0"} {
		ts.mustGet(bad, http.StatusBadRequest)
	}
	ts.mustGet("/publications?type=report&page=9", http.StatusNotFound)
}

// TestEventsPassByThemselves: an event ends into "past" with no write and
// no cron: the cached list and page change when the clock passes its end.
func TestEventsPassByThemselves(t *testing.T) {
	ts := newDemoServer(t)
	before := ts.mustGet("/events", http.StatusOK).Body
	up, past := strings.Index(before, `id="upcoming"`), strings.Index(before, `id="past"`)
	at := strings.Index(before, "/events/evidas-inception-meeting")
	if up < 0 || past < 0 || at < up || at > past {
		t.Fatalf("the inception meeting is not among the upcoming events")
	}
	if strings.Index(before, "evidas-inception-meeting") > strings.Index(before, "webinar-diaspora-engagement-2027") {
		t.Error("upcoming events are not soonest first")
	}
	page := ts.mustGet("/events/evidas-inception-meeting", http.StatusOK).Body
	if strings.Contains(page, "This event has taken place") || !strings.Contains(page, ".ics") {
		t.Error("an upcoming event reads as past or offers no calendar file")
	}
	ev := ldOf(t, page, "Event")
	if len(ev) != 1 {
		t.Fatalf("want one Event, got %d", len(ev))
	}
	wantKeys(t, "Event", ev[0], "name", "startDate", "endDate", "location", "eventAttendanceMode", "eventStatus", "offers")
	if ev[0]["eventAttendanceMode"] != "https://schema.org/MixedEventAttendanceMode" {
		t.Errorf("attendance mode %v", ev[0]["eventAttendanceMode"])
	}

	zone, _ := time.LoadLocation("Europe/Vienna")
	ts.clock.Set(time.Date(2027, 1, 28, 16, 0, 1, 0, zone))
	after := ts.mustGet("/events", http.StatusOK).Body
	if at := strings.Index(after, "/events/evidas-inception-meeting"); at < strings.Index(after, `id="past"`) {
		t.Error("the meeting is still upcoming after its end")
	}
	if p := ts.mustGet("/events/evidas-inception-meeting", http.StatusOK).Body; !strings.Contains(p, "This event has taken place") {
		t.Error("the event page does not say it is past")
	}
}

func TestEventCalendarFiles(t *testing.T) {
	ts := newDemoServer(t)
	one := ts.mustGet("/events/evidas-inception-meeting.ics", http.StatusOK)
	if ct := one.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") {
		t.Fatalf("Content-Type %q", ct)
	}
	events := parseICS(t, one.Body)
	if len(events) != 1 {
		t.Fatalf("%d events in the file", len(events))
	}
	e := events[0]
	zone, _ := time.LoadLocation("Europe/Vienna")
	if !e.Start.Equal(time.Date(2027, 1, 27, 10, 0, 0, 0, zone)) || !e.End.Equal(time.Date(2027, 1, 28, 16, 0, 0, 0, zone)) {
		t.Errorf("times %v – %v", e.Start, e.End)
	}
	if e.URL != baseURL+"/events/evidas-inception-meeting" || e.Sequence != 0 || !strings.HasPrefix(e.Uid, "event-") {
		t.Errorf("URL %q, SEQUENCE %d, UID %q", e.URL, e.Sequence, e.Uid)
	}

	// An edit raises SEQUENCE and keeps the UID.
	ed := ts.loginAs("editor")
	id := ts.idOf(content.KindEvent, "evidas-inception-meeting")
	f := eventValues(t, ts, id)
	f.Set("venue", "Another hall")
	ed.mustPost("edit", "/admin/events/"+itoa64(id), f)
	again := parseICS(t, ts.mustGet("/events/evidas-inception-meeting.ics", http.StatusOK).Body)[0]
	if again.Uid != e.Uid || again.Sequence != 1 || !strings.Contains(again.Location, "Another hall") {
		t.Errorf("after an edit: UID %q (was %q), SEQUENCE %d, LOCATION %q", again.Uid, e.Uid, again.Sequence, again.Location)
	}

	// All upcoming events, an all-day one as dates.
	all := parseICS(t, ts.mustGet("/events.ics", http.StatusOK).Body)
	if len(all) != 2 {
		t.Errorf("/events.ics has %d events, want the 2 upcoming", len(all))
	}
	// An all-day event is written as dates, the end the day after.
	day := parseICS(t, ts.mustGet("/events/border-training-document-security-2026.ics", http.StatusOK).Body)[0]
	if day.RawStart.Value != "20260915" || day.RawEnd.Value != "20260920" {
		t.Errorf("all-day event as %q – %q, want 20260915 – 20260920", day.RawStart.Value, day.RawEnd.Value)
	}
}

// parseICS reads a calendar with gocal, a parser independent of the
// library that wrote it.
func parseICS(t *testing.T, body string) []gocal.Event {
	t.Helper()
	p := gocal.NewParser(strings.NewReader(body))
	start, end := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	p.Start, p.End = &start, &end
	if err := p.Parse(); err != nil {
		t.Fatalf("gocal: %v\n%s", err, body)
	}
	return p.Events
}

func TestEventFormRefusesBadTimes(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	for _, tt := range []struct {
		name  string
		form  url.Values
		field string
	}{
		{"end before start", url.Values{"starts_at": {"2027-03-14T10:00"}, "ends_at": {"2027-03-14T09:00"}}, "The end must be on or after the start."},
		{"no start", url.Values{}, "Enter when the event starts"},
		{"junk start", url.Values{"starts_at": {"14/03/2027"}}, "Enter the start as a date and time"},
		{"junk deadline", url.Values{"starts_at": {"2027-03-14T10:00"}, "registration_deadline": {"soon"}}, "Enter the registration deadline"},
		{"script link", url.Values{"starts_at": {"2027-03-14T10:00"}, "online_url": {"javascript:alert(1)"}}, "Only web addresses"},
	} {
		tt.form.Set("title", "A meeting")
		tt.form.Set("status", "published")
		r := ed.post("/admin/events/new", tt.form)
		if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, tt.field) {
			t.Errorf("%s: %d, want 422 with %q", tt.name, r.Code, tt.field)
		}
	}
	if _, total, _ := ts.st.AdminList(ts.ctx(), content.KindEvent, storeFilterAll(), ts.clock.Now()); total != 0 {
		t.Errorf("refused forms wrote %d events", total)
	}
	// All day: dates, the last one inclusive.
	ed.mustPost("all day", "/admin/events/new", url.Values{"title": {"Summer school"}, "status": {"published"}, "all_day": {"1"},
		"starts_at": {"2027-07-05"}, "ends_at": {"2027-07-09T00:00"}, "city": {"Baku"}})
	if p := ts.mustGet("/events/summer-school", http.StatusOK).Body; !strings.Contains(p, "5 July 2027 – 9 July 2027") {
		t.Errorf("all-day event page:\n%s", excerpt(p[strings.Index(p, "<main"):]))
	}
	// The editor shows the days in its datetime-local fields, and saving
	// it unchanged keeps them.
	id := ts.idOf(content.KindEvent, "summer-school")
	page := ed.get("/admin/events/" + itoa64(id))
	if !strings.Contains(page.Body, `value="2027-07-05T00:00"`) || !strings.Contains(page.Body, `value="2027-07-09T00:00"`) {
		t.Error("the editor does not show the all-day event's days")
	}
	ed.mustPost("save unchanged", "/admin/events/"+itoa64(id), eventValues(t, ts, id))
	if p := ts.mustGet("/events/summer-school", http.StatusOK).Body; !strings.Contains(p, "5 July 2027 – 9 July 2027") {
		t.Error("saving the all-day event unchanged moved its days")
	}
}

func TestCallsCloseByThemselves(t *testing.T) {
	ts := newDemoServer(t)
	list := ts.mustGet("/calls", http.StatusOK).Body
	open, closed := strings.Index(list, "project-officer-migration-data-baku"), strings.Index(list, "tender-translation-interpretation-2026")
	if open < 0 || closed < 0 || open > closed {
		t.Error("open calls are not listed before closed ones")
	}
	vac := ts.mustGet("/calls/project-officer-migration-data-baku", http.StatusOK).Body
	jobs := ldOf(t, vac, "JobPosting")
	if len(jobs) != 1 {
		t.Fatalf("want one JobPosting, got %d", len(jobs))
	}
	wantKeys(t, "JobPosting", jobs[0], "title", "description", "datePosted", "validThrough", "hiringOrganization")
	if !strings.Contains(vac, "Terms of reference") || !strings.Contains(vac, "1 page") {
		t.Error("the vacancy does not offer its document with its size and pages")
	}
	feed := ts.mustGet("/calls/feed.xml", http.StatusOK).Body
	if !strings.Contains(feed, "project-officer-migration-data-baku") || strings.Contains(feed, "tender-translation") {
		t.Error("the feed of open calls is wrong")
	}
	// The deadline passes: closed everywhere, still readable, no cron.
	zone, _ := time.LoadLocation("Europe/Vienna")
	ts.clock.Set(time.Date(2027, 1, 15, 17, 0, 0, 0, zone))
	if p := ts.mustGet("/calls/project-officer-migration-data-baku", http.StatusOK).Body; !strings.Contains(p, "This call is closed") {
		t.Error("the vacancy is not marked closed at its deadline")
	}
	if f := ts.mustGet("/calls/feed.xml", http.StatusOK).Body; strings.Contains(f, "project-officer-migration-data-baku") {
		t.Error("a closed call is still in the feed")
	}
}

func TestCallDocumentsAndBadInput(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	form := url.Values{"title": {"Tender for catering"}, "type": {"tender"}, "reference": {"T/1"}, "deadline": {"2027-02-01T12:00"}, "status": {"published"}}
	for _, bad := range []struct{ k, v, want string }{
		{"deadline", "next week", "Enter the deadline as a date and time"},
		{"deadline", "", "Enter the deadline"},
		{"type", "lottery", "Choose the type of call"},
		{"document_ids", "99999", "Choose the documents"},
	} {
		f := url.Values{}
		for k, v := range form {
			f[k] = v
		}
		f.Set(bad.k, bad.v)
		if r := ed.post("/admin/calls/new", f); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, bad.want) {
			t.Errorf("%s=%q: %d, want 422 with %q", bad.k, bad.v, r.Code, bad.want)
		}
	}
	r := ed.postMultipart("/admin/calls/new", form, upload{"documents", "tor.pdf", pdfOf(t, "Terms", 2, "terms")},
		upload{"documents", "form.pdf", pdfOf(t, "Form", 1, "form")})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("create: %d %s", r.Code, excerpt(r.Body))
	}
	p := ts.mustGet("/calls/tender-for-catering", http.StatusOK).Body
	if !strings.Contains(p, "tor.pdf") || !strings.Contains(p, "form.pdf") || !strings.Contains(p, "2 pages") {
		t.Errorf("the call does not list its two documents:\n%s", excerpt(p[strings.Index(p, "<main"):]))
	}
	if len(ldOf(t, p, "JobPosting")) != 0 {
		t.Error("a tender carries a JobPosting")
	}
}

func TestNewKindsInSitemapAndProject(t *testing.T) {
	ts := newDemoServer(t)
	sm := ts.mustGet("/sitemap.xml", http.StatusOK).Body
	for _, want := range []string{"/publications/partnership-in-practice</loc>", "/events/evidas-inception-meeting</loc>", "/calls/project-officer-migration-data-baku</loc>",
		"/az/events/mobillik-terefdasligi-konfransi-baki-2026</loc>"} {
		if !strings.Contains(sm, want) {
			t.Errorf("sitemap lacks %s", want)
		}
	}
	if strings.Count(sm, "<lastmod>") < strings.Count(sm, "<loc>") {
		t.Error("an entry has no lastmod")
	}
	proj := ts.mustGet("/projects/evidas", http.StatusOK).Body
	for _, want := range []string{"/events/evidas-inception-meeting", "/publications/evidas-at-a-glance"} {
		if !strings.Contains(proj, want) {
			t.Errorf("the project page does not list %s", want)
		}
	}
	home := ts.mustGet("/", http.StatusOK).Body
	for _, want := range []string{`id="upcoming-events"`, `id="new-publications"`, `id="open-calls"`} {
		if !strings.Contains(home, want) {
			t.Errorf("the home page lacks %s", want)
		}
	}
	siteMap := ts.mustGet("/sitemap", http.StatusOK).Body
	if !slices.ContainsFunc([]string{"/publications/partnership-in-practice"}, func(s string) bool { return strings.Contains(siteMap, s) }) {
		t.Error("the site map page does not list publications")
	}
}

// TestNewKindsLifecycle: each new kind goes through what news goes
// through: create, rename (301), history and restore, trash (410) and back,
// a translation, the admin list's orders.
func TestNewKindsLifecycle(t *testing.T) {
	for _, tt := range []struct {
		kind content.Kind
		form url.Values
	}{
		{content.KindPublication, url.Values{"type": {"study"}, "authors": {"A. Author"}, "status": {"draft"}}},
		{content.KindEvent, url.Values{"starts_at": {"2027-05-04T10:00"}, "ends_at": {"2027-05-04T12:00"}, "city": {"Baku"}, "status": {"published"}}},
		{content.KindCall, url.Values{"type": {"grant"}, "deadline": {"2027-05-04T10:00"}, "status": {"published"}}},
	} {
		t.Run(string(tt.kind), func(t *testing.T) {
			ts := newDemoServer(t) // in three languages
			ed := ts.loginAs("editor")
			admin, base := tt.kind.Info().Admin, tt.kind.Info().Base
			f := tt.form
			f.Set("title", "First title")
			f.Set("tags", "Lifecycle")
			f.Set("body", "First body.")
			edit, _, _ := strings.Cut(ed.mustPost("create", admin+"/new", f).Header.Get("Location"), "?")
			id := strings.TrimPrefix(edit, admin+"/")
			if tt.kind == content.KindPublication { // a draft: published without a document it may not be
				ts.mustGet(base+"/first-title", http.StatusNotFound)
				doc := pdfOf(t, "Doc", 1, "doc")
				f.Set("status", "published")
				if r := ed.postMultipart(edit, f, upload{"document", "doc.pdf", doc}); r.Code != http.StatusSeeOther {
					t.Fatalf("publish: %d %s", r.Code, excerpt(r.Body))
				}
			}
			ts.mustGet(base+"/first-title", http.StatusOK)
			f.Set("slug", "second-slug")
			f.Set("body", "Second body.")
			if tt.kind == content.KindPublication {
				docs, _ := ts.st.DocumentOptions(ts.ctx())
				f.Set("document_id", itoa64(docs[0].ID))
			}
			ed.mustPost("rename", edit, f)
			ts.mustMove(base+"/first-title", base+"/second-slug")
			ed.mustSee("history", edit+"/history", "First title", edit+"/history/")
			revs, err := ts.st.Revisions(ts.ctx(), tt.kind, mustID(t, edit))
			if err != nil || len(revs) < 2 {
				t.Fatalf("revisions: %v %d", err, len(revs))
			}
			first := revs[len(revs)-1].ID
			ed.mustPost("restore", edit+"/history/"+itoa64(first)+"/restore", url.Values{"confirm": {"yes"}})
			if p := ts.mustGet(base+"/second-slug", http.StatusOK); !strings.Contains(p.Body, "First body.") {
				t.Error("the restore did not bring the first body back under the current slug")
			}
			ed.mustPost("trash", edit+"/trash", nil)
			ts.mustGet(base+"/second-slug", http.StatusGone)
			ed.mustPost("restore from trash", "/admin/trash/"+string(tt.kind)+"/"+id+"/restore", nil)
			ts.mustGet(base+"/second-slug", http.StatusOK)
			ed.mustSee("translate", edit+"/translate/ru", "First title")
			for _, order := range []string{"", "published", "date"} {
				ed.mustSee("list "+order, admin+"?sort="+order, "First title")
			}
			if r := ed.get(admin + "?sort=sideways"); r.Code != http.StatusBadRequest {
				t.Errorf("unknown order: %d", r.Code)
			}
		})
	}
}

// TestNewsFilters: /news by year and by project, the two combined, and
// junk refused.
func TestNewsFilters(t *testing.T) {
	ts := newDemoServer(t)
	all := ts.mustGet("/news", http.StatusOK).Body
	if !strings.Contains(all, `href="/news?year=2025"`) || !strings.Contains(all, "MOBILAZE") {
		t.Fatal("/news offers no year or project filters")
	}
	y := ts.mustGet("/news?year=2025", http.StatusOK).Body
	if !strings.Contains(y, "workshop-labour-migration-statistics-baku") || strings.Contains(y, "mobility-partnership-in-azerbaijan-conference-baku\"") {
		t.Error("the 2025 list is wrong")
	}
	if !strings.Contains(y, `<meta name="robots" content="noindex`) {
		t.Error("a filtered list is indexed")
	}
	group := ts.idOf(content.KindProject, "lamrep")
	p := ts.mustGet("/news?project="+itoa64(group), http.StatusOK).Body
	if !strings.Contains(p, "lamrep-final-evaluation-lessons") || strings.Contains(p, "mobility-partnership-in-azerbaijan-conference-baku\"") {
		t.Error("the LAMREP list is wrong")
	}
	if none := ts.mustGet("/news?project="+itoa64(group)+"&year=2026", http.StatusOK).Body; !strings.Contains(none, "No news matches these filters.") {
		t.Error("an empty combination says nothing")
	}
	for _, bad := range []string{"/news?year=26", "/news?year=twenty", "/news?project=abc", "/news?project=0"} {
		ts.mustGet(bad, http.StatusBadRequest)
	}
}
