package web

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"orgsite/internal/content"
	"orgsite/internal/testkit/htmlcheck"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// settingsForm is a valid settings form.
func settingsForm() url.Values {
	return url.Values{
		"site_name": {"Centre for Tests"}, "tagline": {"Testing migration policy"}, "intro": {"We test things."},
		"footer_text": {"Testgasse 1, Vienna"}, "timezone": {"Europe/Berlin"}, "legal_path": {"/legal"}, "footer_project": {fxOngoing.Slug},
		"menu_label_0": {"About"}, "menu_path_0": {"/about"}, "menu_pos_0": {"2"},
		"menu_label_1": {"Latest"}, "menu_path_1": {"/news"}, "menu_pos_1": {"1"},
		"menu_label_2": {""}, "menu_path_2": {""}, "menu_pos_2": {"3"},
		"menu_label_3": {"Contact"}, "menu_path_3": {"/contact"}, "menu_pos_3": {""},
	}
}

func TestSettingsShowOnPublicSite(t *testing.T) {
	ts := newTestServer(t)
	adm := ts.loginAs("admin")
	adm.mustSee("settings form", "/admin/settings", `name="menu_label_7"`, `value="/projects"`)
	r := adm.post("/admin/settings", settingsForm())
	if r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/admin/settings?saved=1" {
		t.Fatalf("save: %d %s", r.Code, excerpt(r.Body))
	}
	set, _ := ts.st.Settings(ts.ctx())
	if want := "Latest|/news\nAbout|/about\nContact|/contact"; menuText(set) != want {
		t.Errorf("menu = %q, want %q", menuText(set), want)
	}
	home := ts.mustGet("/", 200)
	doc := htmlcheck.Parse(t, home.Body)
	if title := htmlcheck.Text(htmlcheck.ByAtom(doc, atom.Title)[0]); !strings.Contains(title, "Centre for Tests") {
		t.Errorf("<title> = %q", title)
	}
	for _, want := range []string{"Testing migration policy", "We test things.", "Testgasse 1, Vienna"} {
		if !strings.Contains(home.Body, want) {
			t.Errorf("the home page lacks %q", want)
		}
	}
	var menu []string
	for _, n := range htmlcheck.FindAll(doc, func(n *html.Node) bool { return n.DataAtom == atom.Nav && htmlcheck.Attr(n, "aria-label") == "Main" }) {
		menu = htmlcheck.Hrefs(n)
	}
	if strings.Join(menu, " ") != "/news /about /contact" {
		t.Errorf("menu links = %v", menu)
	}
	// Saving the same settings again records nothing new.
	_, before, _ := ts.st.AuditLog(ts.ctx(), 1, 0)
	adm.post("/admin/settings", settingsForm())
	if _, after, _ := ts.st.AuditLog(ts.ctx(), 1, 0); after != before {
		t.Errorf("an unchanged save was logged: %d → %d", before, after)
	}
	// No funding block in the footer.
	f := settingsForm()
	f.Set("footer_project", "")
	if r := adm.post("/admin/settings", f); r.Code != http.StatusSeeOther {
		t.Fatalf("no footer project: %d", r.Code)
	}
	if home := ts.mustGet("/", 200); strings.Contains(home.Body, `class="footer-heading">Funding`) {
		t.Error("the footer still shows a funding block")
	}
}

// TestMenuLinksAnswer: a menu link is taken when the public site answers
// there: a list, a page, a redirect; in a language only now added, it is
// left for that language's pages to appear.
func TestMenuLinksAnswer(t *testing.T) {
	ts := newTestServer(t)
	adm := ts.loginAs("admin")
	for _, path := range []string{"/publications", "/events", "/calls", "/search", "/sitemap", "/tags/events"} {
		f := settingsForm()
		f.Set("menu_path_2", path)
		f.Set("menu_label_2", "Link")
		if r := adm.post("/admin/settings", f); r.Code != http.StatusSeeOther {
			t.Errorf("%s: %d", path, r.Code)
		}
	}
}

func TestSettingsRefused(t *testing.T) {
	ts := newTestServer(t)
	adm := ts.loginAs("admin")
	cases := []struct {
		name, key, value, field, want string
	}{
		{"bad time zone", "timezone", "Mars/Olympus_Mons", "timezone", "Choose a time zone"},
		{"local time zone", "timezone", "Local", "timezone", "Choose a time zone"},
		{"path into the zoneinfo folder", "timezone", "../../etc/passwd", "timezone", "Choose a time zone"},
		{"javascript menu link", "menu_path_0", "javascript:alert(1)", "menu_path_0", "starting with /"},
		{"JavaScript in capitals", "menu_path_0", "JaVaScRiPt:alert(1)", "menu_path_0", "starting with /"},
		{"protocol-relative menu link", "menu_path_0", "//evil.example", "menu_path_0", "another website"},
		{"absolute menu link", "menu_path_0", "https://evil.example/", "menu_path_0", "starting with /"},
		{"backslash menu link", "menu_path_0", "/\\evil.example", "menu_path_0", "instead of"},
		{"menu link without a label", "menu_label_0", "", "menu_label_0", "Give a label"},
		{"menu link to no page", "menu_path_0", "/publication", "menu_path_0", "Nothing answers at /publication"},
		{"menu link to a draft", "menu_path_0", "/news/no-such-item", "menu_path_0", "Nothing answers at /news/no-such-item"},
		{"menu label without a link", "menu_path_0", "", "menu_path_0", "Give the address"},
		{"menu label with a bar", "menu_label_0", "A|B", "menu_label_0", "cannot contain |"},
		{"bad position", "menu_pos_0", "first", "menu_pos_0", "whole number"},
		{"bad legal page", "legal_path", "//evil.example/legal", "legal_path", "another website"},
		{"empty site name", "site_name", "", "site_name", "Give the site a name"},
		{"site name on two lines", "site_name", "Line\none", "site_name", "one line"},
		{"unknown footer project", "footer_project", "no-such-project", "footer_project", "Choose a project"},
		{"long tagline", "tagline", strings.Repeat("t", 201), "tagline", "too long"},
	}
	before := usersTakeSnapshot(ts)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := settingsForm()
			f.Set(tc.key, tc.value)
			r := adm.post("/admin/settings", f)
			if r.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", r.Code)
			}
			if !strings.Contains(r.Body, `id="e-`+tc.field+`"`) || !strings.Contains(r.Body, tc.want) {
				t.Errorf("no error %q beside %s", tc.want, tc.field)
			}
			if tc.key != "footer_project" && tc.key != "timezone" && !strings.Contains(r.Body, `value="`+html.EscapeString(strings.TrimSpace(tc.value))+`"`) &&
				!strings.Contains(r.Body, ">"+html.EscapeString(tc.value)+"<") {
				t.Errorf("the input %q was not kept", tc.value)
			}
			if !strings.Contains(r.Body, `value="Centre for Tests"`) && tc.key != "site_name" {
				t.Error("the other fields were not kept")
			}
		})
	}
	usersSameSnapshot(t, "refused settings", before, usersTakeSnapshot(ts))
}

// TestSettingsXSS puts markup in every text setting and checks that none of
// it is active on public pages.
func TestSettingsXSS(t *testing.T) {
	ts := newTestServer(t)
	adm := ts.loginAs("admin")
	payloads := []string{
		`<script>alert(1)</script>`,
		`"><img src=x onerror=alert(1)>`,
		`<svg onload=alert(1)>`,
		`<iframe src="javascript:alert(1)"></iframe>`,
		`</title><script>alert(1)</script>`,
		`</script><script>alert(1)</script>`,
		`<a href="JaVaScRiPt:alert(1)">x</a>`,
	}
	for _, p := range payloads {
		f := settingsForm()
		for _, k := range []string{"site_name", "tagline", "intro", "footer_text", "menu_label_0"} {
			f.Set(k, "X "+p)
		}
		f.Set("menu_label_0", strings.ReplaceAll(f.Get("menu_label_0"), "|", ""))
		if r := adm.post("/admin/settings", f); r.Code != http.StatusSeeOther {
			t.Fatalf("save %q: %d %s", p, r.Code, excerpt(r.Body))
		}
		for _, path := range []string{"/", "/news", "/projects/" + fxOngoing.Slug, "/about", "/no-such-page"} {
			r := ts.get(path)
			settingsNoActiveMarkup(t, path, r.Body)
		}
		// The text is there, as text.
		if home := ts.get("/"); !strings.Contains(htmlcheck.Text(htmlcheck.Parse(t, home.Body)), "X "+p) {
			t.Errorf("the home page does not show %q as text", p)
		}
		settingsNoActiveMarkup(t, "/admin/settings", adm.get("/admin/settings").Body)
	}
}

// settingsNoActiveMarkup fails on any element or attribute a payload could
// have added: inline scripts (other than JSON-LD), event handlers,
// javascript: URLs, SVG and iframes.
func settingsNoActiveMarkup(t *testing.T, path, body string) {
	t.Helper()
	doc := htmlcheck.Parse(t, body)
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.DataAtom {
		case atom.Script:
			if htmlcheck.Attr(n, "src") == "" && htmlcheck.Attr(n, "type") != "application/ld+json" {
				t.Errorf("%s: an inline script", path)
			}
		case atom.Iframe, atom.Img:
			if n.DataAtom == atom.Iframe || htmlcheck.Attr(n, "src") == "x" {
				t.Errorf("%s: a <%s> from a payload", path, n.Data)
			}
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(strings.ToLower(a.Key), "on") {
				t.Errorf("%s: event handler %s on <%s>", path, a.Key, n.Data)
			}
			if v := strings.ToLower(strings.TrimSpace(a.Val)); (a.Key == "href" || a.Key == "src") && strings.HasPrefix(v, "javascript:") {
				t.Errorf("%s: a javascript: URL", path)
			}
		}
	}
	if strings.Contains(body, "<script>alert") {
		t.Errorf("%s: a raw payload", path)
	}
}

// menuText is the menu as lines of label|path.
func menuText(set content.Settings) string {
	var lines []string
	for _, l := range set.Menu {
		lines = append(lines, l.Label+"|"+string(l.Path))
	}
	return strings.Join(lines, "\n")
}

// TestShareImage: the site's share image stands in for pages and news
// items without a picture of their own, in link previews and in the
// NewsArticle; only a library image can be chosen.
func TestShareImage(t *testing.T) {
	ts := newTestServer(t)
	adm := ts.loginAs("admin")
	img := "/media/" + ts.mediaName()
	form := settingsForm()
	form.Set("share_image", "/media/not-in-the-library.jpg")
	if r := adm.post("/admin/settings", form); r.Code != http.StatusUnprocessableEntity {
		t.Errorf("an image not in the library: %d", r.Code)
	}
	form.Set("share_image", img)
	adm.mustPost("save", "/admin/settings", form)
	doc := htmlcheck.Parse(t, ts.mustGet("/about", http.StatusOK).Body)
	if og, _ := htmlcheck.MetaContent(doc, "property", "og:image"); og != baseURL+img {
		t.Errorf("og:image %q, want %q", og, baseURL+img)
	}
	ts.saveNews(publishedNews("no-picture", "plain", testStart.Add(-time.Hour)))
	if !strings.Contains(ts.mustGet("/news/no-picture", http.StatusOK).Body, `"image":["`+baseURL+img+`"]`) {
		t.Error("the NewsArticle of an item without a lead image names no image")
	}
}

// TestBrandColorAndLogo: the brand colour is refused unless it is a
// colour white text reads on (422, the reason beside the field, nothing
// saved); a good one is saved, written in the page as one rule, and
// allowed by the Content-Security-Policy by its hash. The logo is a
// library image shown beside the site name.
func TestBrandColorAndLogo(t *testing.T) {
	ts := newTestServer(t)
	adm := ts.loginAs("admin")
	for _, c := range []struct{ value, says string }{
		{"#12345", "six hexadecimal digits"},
		{"#12345g", "six hexadecimal digits"},
		{"blue", "six hexadecimal digits"},
		{"#ffcc00", "has a contrast of 1."},
		{"#808080", "needs at least 4.5:1"},
	} {
		f := settingsForm()
		f.Set("brand_color", c.value)
		r := adm.post("/admin/settings", f)
		if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, c.says) {
			t.Errorf("brand colour %q: %d, want 422 saying %q", c.value, r.Code, c.says)
		}
	}
	if set, _ := ts.st.Settings(ts.ctx()); set.BrandColor != "" {
		t.Fatalf("a refused colour was saved: %q", set.BrandColor)
	}
	logo := "/media/" + ts.mediaName()
	f := settingsForm()
	f.Set("logo", "/media/not-in-the-library.png")
	if r := adm.post("/admin/settings", f); r.Code != http.StatusUnprocessableEntity {
		t.Errorf("a logo not in the library: %d", r.Code)
	}
	f.Set("brand_color", "7A1F3D")
	f.Set("logo", logo)
	adm.mustPost("save", "/admin/settings", f)
	if set, _ := ts.st.Settings(ts.ctx()); set.BrandColor != "#7a1f3d" || set.Logo != logo {
		t.Fatalf("saved %q and %q", set.BrandColor, set.Logo)
	}
	r := ts.mustGet("/", http.StatusOK)
	rule := content.BrandColor("#7a1f3d").Style()
	if !strings.Contains(r.Body, "<style>"+rule+"</style>") {
		t.Errorf("the home page lacks the brand rule %q", rule)
	}
	sum := sha256.Sum256([]byte(rule))
	if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "style-src 'self' 'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'") {
		t.Errorf("the policy does not allow the rule: %s", csp)
	}
	doc := htmlcheck.Parse(t, r.Body)
	imgs := htmlcheck.FindAll(doc, func(n *html.Node) bool { return htmlcheck.Attr(n, "class") == "brand-logo" })
	if len(imgs) != 1 || !strings.HasPrefix(htmlcheck.Attr(imgs[0], "src"), "/media/") || htmlcheck.Attr(imgs[0], "height") != "44" {
		t.Errorf("header logo: %d images", len(imgs))
	}
	// Cleared, the colour leaves the page and the policy.
	f.Set("brand_color", "")
	adm.mustPost("save", "/admin/settings", f)
	if r := ts.mustGet("/", http.StatusOK); strings.Contains(r.Body, "<style>") || strings.Contains(r.Header.Get("Content-Security-Policy"), "sha256") {
		t.Error("a cleared brand colour is still in the page or the policy")
	}
}
