package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"

	"orgsite/internal/testkit/htmlcheck"
)

// TestQuality runs the checks that web professionals trust over every page
// a person sees, public and admin: axe-core for accessibility (WCAG 2.1 A
// and AA), the Nu HTML Checker for valid HTML, and a crawl of the public
// site for broken links. The tools live in e2e/quality (npm ci there) and
// need Chromium and Java; without them each check skips and says how to get
// them, and with CI set a missing tool fails the test.
func TestQuality(t *testing.T) {
	skipShort(t, "builds the binary, drives a browser and runs Java")
	start := time.Now()
	bin := buildBinary(t)
	base, dir := startSiteIn(t, bin)
	importWordPress(t, bin, base, dir)
	pages := qCollectPages(t, base)

	t.Run("axe", func(t *testing.T) { checkAxe(t, base, pages) })
	t.Run("vnu", func(t *testing.T) { checkHTML(t, base, pages) })
	t.Run("links", func(t *testing.T) { checkLinks(t, base) })
	t.Logf("quality checks took %s", time.Since(start).Round(100*time.Millisecond))
}

// importWordPress runs "orgsite import wordpress" on the fixture export
// against the running site's database, as an operator moving in would,
// and waits for the server to show it.
func importWordPress(t *testing.T, bin, base, dir string) {
	t.Helper()
	out, err := exec.Command(bin, "import", "wordpress", "../internal/wordpress/testdata/export.xml",
		"--uploads", "../internal/wordpress/testdata/uploads",
		"--db", filepath.Join(dir, "orgsite.db"), "--media", filepath.Join(dir, "media")).CombinedOutput()
	if err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(base + "/news/regional-dialogue-on-labour-mobility-opens-in-baku")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the imported post is not served 10 s after the import:\n%s", out)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// The two users of the admin area in these tests: the first admin that
// startSite creates.
const (
	qAdminEmail    = "e2e@example.org"
	qAdminPassword = "e2e-password-not-secret"
)

// qpage is one screen to check.
type qpage struct {
	name   string // names the screen in reports and its file for vnu
	path   string
	admin  bool   // needs a logged-in admin
	submit string // "login", "save" or "share": the form at path is sent, and the answer (errors, a new link) is checked
	status int    // the status the screen answers with
}

// qCollectPages lists the screens to check: every public template and every
// admin screen. A paginated page that does not exist is left out; an admin
// screen that answers 404 is not built yet: it is left out and named in the
// log. Any other status is an error.
func qCollectPages(t *testing.T, base string) []qpage {
	t.Helper()
	pages := []qpage{
		{name: "home", path: "/"},
		{name: "news", path: "/news"},
		{name: "news-page-2", path: "/news?page=2"},
		{name: "news-item", path: "/news/mobility-partnership-in-azerbaijan-conference-baku"},
		{name: "news-item-az", path: "/news/regional-seminars-seki-gence"},
		{name: "projects", path: "/projects"},
		{name: "project", path: "/projects/mobilaze"},
		{name: "project-completed", path: "/projects/lamrep"},
		{name: "project-upcoming", path: "/projects/evidas"},
		{name: "about", path: "/about"},
		{name: "contact", path: "/contact"},
		{name: "legal", path: "/legal"},
		{name: "tag", path: "/tags/events"},
		{name: "search", path: "/search?q=baku"},
		{name: "search-none", path: "/search?q=zzzz"},
		{name: "search-empty", path: "/search"},
		{name: "sitemap", path: "/sitemap"},
		{name: "404", path: "/no-such-page", status: http.StatusNotFound},
		{name: "publications", path: "/publications"},
		{name: "publications-filtered", path: "/publications?type=report&year=2024"},
		{name: "publication", path: "/publications/partnership-in-practice"},
		{name: "events", path: "/events"},
		{name: "event", path: "/events/evidas-inception-meeting"},
		{name: "event-past", path: "/events/border-training-document-security-2026"},
		{name: "calls", path: "/calls"},
		{name: "call", path: "/calls/project-officer-migration-data-baku"},
		{name: "call-closed", path: "/calls/tender-translation-interpretation-2026"},
		{name: "az-event", path: "/az/events/mobillik-terefdasligi-konfransi-baki-2026"},
		{name: "ru-publications", path: "/ru/publications"},
		// Imported from a real WordPress export beside the running server.
		{name: "wp-block-post", path: "/news/regional-dialogue-on-labour-mobility-opens-in-baku"},
		{name: "wp-classic-post", path: "/news/mobility-partnership-facility-results-of-the-second-call"},
		{name: "wp-az-post", path: "/news/seki-ve-gencede-miqrasiya-seminari"},
		{name: "wp-page", path: "/about-us"},
		{name: "wp-child-page", path: "/team"},
		// The same templates in Azerbaijani and Russian.
		{name: "az-home", path: "/az"},
		{name: "az-news", path: "/az/news"},
		{name: "az-news-item", path: "/az/news/bakida-beynelxalq-konfrans-mobillik-terefdasligi"},
		{name: "az-project", path: "/az/projects/azerbaycanla-mobillik-terefdasliginin-heyata-kecirilmesine-destek"},
		{name: "az-search", path: "/az/search?q=Bak%C4%B1"},
		{name: "az-404", path: "/az/no-such-page", status: http.StatusNotFound},
		{name: "ru-home", path: "/ru"},
		{name: "ru-news-item", path: "/ru/news/konferentsiya-v-baku-partnerstvo-v-sfere-mobilnosti"},
		{name: "ru-project", path: "/ru/projects/podderzhka-realizatsii-partnerstva-v-sfere-mobilnosti-s-azerbaydzhanom"},
		{name: "ru-about", path: "/ru/o-nas"},
		{name: "ru-sitemap", path: "/ru/sitemap"},
		{name: "admin-login", path: "/admin/login"},
		{name: "admin-forgot", path: "/admin/forgot"},
		{name: "admin-link-unknown", path: "/admin/reset/made-up-token-made-up-token-made-up", status: http.StatusNotFound},
		{name: "admin-login-error", path: "/admin/login", submit: "login", status: http.StatusUnauthorized},
		{name: "admin-dashboard", path: "/admin", admin: true},
		{name: "admin-news", path: "/admin/news", admin: true},
		{name: "admin-news-new", path: "/admin/news/new", admin: true},
		{name: "admin-news-errors", path: "/admin/news/new", admin: true, submit: "save", status: http.StatusUnprocessableEntity},
		{name: "admin-news-edit", path: "", admin: true}, // found below
		{name: "admin-projects", path: "/admin/projects", admin: true},
		{name: "admin-projects-new", path: "/admin/projects/new", admin: true},
		{name: "admin-publications", path: "/admin/publications", admin: true},
		{name: "admin-publications-new", path: "/admin/publications/new", admin: true},
		{name: "admin-events-new", path: "/admin/events/new", admin: true},
		{name: "admin-calls-new", path: "/admin/calls/new", admin: true},
		{name: "admin-pages", path: "/admin/pages", admin: true},
		{name: "admin-pages-new", path: "/admin/pages/new", admin: true},
		{name: "admin-partners", path: "/admin/partners", admin: true},
		{name: "admin-media", path: "/admin/media", admin: true},
		{name: "admin-media-picker", path: "/admin/media/picker?type=image", admin: true},
		{name: "admin-redirects", path: "/admin/redirects", admin: true},
		{name: "admin-trash", path: "/admin/trash", admin: true},
		{name: "admin-users", path: "/admin/users", admin: true},
		{name: "admin-settings", path: "/admin/settings", admin: true},
		{name: "admin-news-translate", path: "", admin: true}, // found below
		{name: "admin-audit", path: "/admin/audit", admin: true},
		{name: "admin-account", path: "/admin/account", admin: true},
		{name: "admin-2fa", path: "/admin/account/2fa", admin: true},
		{name: "admin-sessions", path: "/admin/account/sessions", admin: true},
		{name: "admin-users-new", path: "/admin/users/new", admin: true},
		{name: "admin-review", path: "/admin/review", admin: true},
		{name: "admin-share", path: "", admin: true, submit: "share"}, // the editor found below
	}
	public, admin := &http.Client{}, qAdminClient(t, base)
	var out []qpage
	for _, p := range pages {
		if p.name == "admin-news-edit" || p.name == "admin-news-translate" || p.name == "admin-share" {
			p.path = qFirstEditLink(t, admin, base, "/admin/news")
			if p.path == "" {
				t.Errorf("no news item to edit in /admin/news")
				continue
			}
			if p.name == "admin-news-translate" {
				p.path += "/translate/ru"
			}
		}
		if p.status == 0 {
			p.status = http.StatusOK
		}
		if p.submit != "" {
			out = append(out, p) // checked when sent
			continue
		}
		c := public
		if p.admin {
			c = admin
		}
		code := qGet(t, c, base+p.path).code
		switch {
		case code == p.status:
			out = append(out, p)
		case code == http.StatusNotFound && p.name == "news-page-2":
			t.Logf("%s answers 404: the demo news fit on one page", p.path)
		case code == http.StatusNotFound && p.admin:
			t.Logf("NOT CHECKED: admin screen %s answers 404; is it built yet?", p.path)
		default:
			t.Errorf("%s answered %d, want %d", p.path, code, p.status)
		}
	}
	return out
}

// qResponse is what a GET or POST gave.
type qResponse struct {
	code int
	body string
}

func qGet(t *testing.T, c *http.Client, u string) qResponse {
	t.Helper()
	res, err := c.Get(u)
	return qRead(t, "GET "+u, res, err)
}

func qPost(t *testing.T, c *http.Client, u string, form url.Values) qResponse {
	t.Helper()
	res, err := c.PostForm(u, form)
	return qRead(t, "POST "+u, res, err)
}

// qRead reads the answer to the request what, failing the test if the
// request or the read failed.
func qRead(t *testing.T, what string, res *http.Response, err error) qResponse {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return qResponse{res.StatusCode, string(b)}
}

// qClient is an HTTP client with its own cookies.
func qClient(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, Timeout: 10 * time.Second}
}

// qAdminClient logs in through the form, as a browser does.
func qAdminClient(t *testing.T, base string) *http.Client {
	t.Helper()
	c := qClient(t)
	form := qGet(t, c, base+"/admin/login")
	res := qPost(t, c, base+"/admin/login", url.Values{
		"_csrf": {qInputValue(form.body, "_csrf")}, "email": {qAdminEmail}, "password": {qAdminPassword},
	})
	if res.code != http.StatusOK || !strings.Contains(res.body, "Dashboard") {
		t.Fatalf("log in with net/http: %d", res.code)
	}
	return c
}

// qSendForm gives the answer of a form sent wrongly: the login with a wrong
// password, or an empty editor form.
func qSendForm(t *testing.T, base string, admin *http.Client, p qpage) qResponse {
	t.Helper()
	switch p.submit {
	case "login":
		c := qClient(t)
		form := qGet(t, c, base+p.path)
		return qPost(t, c, base+p.path, url.Values{
			"_csrf": {qInputValue(form.body, "_csrf")}, "email": {qAdminEmail}, "password": {"not-the-password"},
		})
	case "save":
		form := qGet(t, admin, base+p.path)
		return qPost(t, admin, base+p.path, url.Values{"_csrf": {qInputValue(form.body, "_csrf")}, "action": {"save"}})
	case "share":
		form := qGet(t, admin, base+p.path)
		return qPost(t, admin, base+p.path+"/share", url.Values{"_csrf": {qInputValue(form.body, "_csrf")}})
	}
	t.Fatalf("unknown form %q", p.submit)
	return qResponse{}
}

// qInputValue is the value of the first input named name in a page.
func qInputValue(page, name string) string {
	for tok := range htmlcheck.StartTags(page) {
		if tok.Data == "input" && qAttr(tok, "name") == name {
			return qAttr(tok, "value")
		}
	}
	return ""
}

func qAttr(tok html.Token, name string) string {
	for _, a := range tok.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

var qEditLink = regexp.MustCompile(`href="(/admin/[a-z]+/[0-9]+)"`)

// qFirstEditLink finds the first item's edit form in an admin list.
func qFirstEditLink(t *testing.T, c *http.Client, base, list string) string {
	t.Helper()
	res := qGet(t, c, base+list)
	for _, m := range qEditLink.FindAllStringSubmatch(res.body, -1) {
		if strings.HasPrefix(m[1], list+"/") {
			return m[1]
		}
	}
	return ""
}

// qualityTools is the folder of the npm packages the checks use.
func qualityTools(t *testing.T) string {
	dir, err := filepath.Abs("quality/node_modules")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// needTool skips when a tool is missing, loudly, with the command that
// installs it; with CI set it fails instead.
func needTool(t *testing.T, what, install string) {
	t.Helper()
	msg := fmt.Sprintf("%s is not installed; to run this check: %s (README: Running the full checks locally)", what, install)
	if os.Getenv("CI") != "" {
		t.Fatal("FAILED, CI is set: " + msg)
	}
	t.Skip("SKIPPED: " + msg)
}

// qAxeResult is what axe.run reports of one rule that failed.
type qAxeResult struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []json.RawMessage `json:"target"`
	} `json:"nodes"`
}

// qAxeRun runs axe-core on the page in the tab at WCAG 2.1 A and AA.
const qAxeRun = `axe.run(document, {
	runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
	resultTypes: ['violations'],
}).then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => ({target: n.target}))})))`

// checkAxe visits every screen in one tab, public ones at 1280 and 375 px,
// and reports every axe violation with the elements it found.
func checkAxe(t *testing.T, base string, pages []qpage) {
	chrome := findChromium(t)
	script, err := os.ReadFile(filepath.Join(qualityTools(t), "axe-core", "axe.min.js"))
	if err != nil {
		needTool(t, "axe-core", "cd e2e/quality && npm ci")
	}
	ctx := qBrowser(t, chrome, 4*time.Minute) // about a minute on an idle machine
	j := &journey{t: t, ctx: ctx, base: base, width: 1280}
	j.watchConsole()
	inject := chromedp.Evaluate[chromedp.Void](string(script))

	check := func(p qpage, at string) {
		t.Helper()
		found, err := chromedp.Run(ctx, chromedp.Evaluate[[]qAxeResult](qAxeRun, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Errorf("%s at %s: axe.run: %v", p.name, at, err)
			return
		}
		for _, v := range found {
			var targets []string
			for i, n := range v.Nodes {
				if i == 4 {
					targets = append(targets, fmt.Sprintf("and %d more", len(v.Nodes)-i))
					break
				}
				for _, s := range n.Target {
					targets = append(targets, strings.Trim(string(s), `"`))
				}
			}
			t.Errorf("axe: %s (%s) at %s: %s [%s]: %s", p.path, p.name, at, v.ID, v.Impact, v.Help+"; "+strings.Join(targets, " | "))
		}
	}
	open := func(p qpage, action chromedp.Action[chromedp.Void]) bool {
		t.Helper()
		nctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		defer cancel()
		resp, err := chromedp.RunResponse(nctx, action)
		switch {
		case err != nil:
			t.Errorf("%s: %v", p.name, err)
			return false
		case int(resp.Status) != p.status:
			t.Errorf("%s: %s answered %d in the browser, want %d", p.name, resp.URL, resp.Status, p.status)
			return false
		}
		if err := chromedp.Do(ctx, inject); err != nil {
			t.Errorf("%s: inject axe-core: %v", p.name, err)
			return false
		}
		return true
	}

	loggedIn := false
	for _, p := range pages {
		j.do(chromedp.EmulateViewport(1280, 900))
		if p.admin && !loggedIn {
			qLogIn(j)
			loggedIn = true
		}
		var action chromedp.Action[chromedp.Void]
		switch p.submit {
		case "":
			action = chromedp.Navigate(base + p.path)
		case "login":
			j.do(chromedp.Navigate(base + p.path))
			j.do(chromedp.SendKeys(chromedp.CSS("#email"), qAdminEmail), chromedp.SendKeys(chromedp.CSS("#password"), "not-the-password"))
			action = chromedp.Click(chromedp.CSS(`form[action="/admin/login"] button[type="submit"]`), chromedp.NodeVisible)
		case "save":
			// Send the form as it is, past the browser's own checks of
			// required fields, to see the server's error messages.
			j.do(chromedp.Navigate(base+p.path),
				chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('form').forEach(f => f.noValidate = true)`))
			action = chromedp.Click(chromedp.CSS(`button[name="action"][value="update"]`), chromedp.NodeVisible)
		case "share":
			j.do(chromedp.Navigate(base + p.path))
			action = chromedp.Click(chromedp.CSS(`button[form="share-form"]:not([formaction])`), chromedp.NodeVisible)
		}
		began := time.Now()
		if !open(p, action) {
			continue
		}
		check(p, "1280px")
		if p.admin && p.submit == "" {
			// The admin on a phone: the same screen in one column.
			j.do(chromedp.EmulateViewport(375, 900, chromedp.EmulateMobile))
			check(p, "375px")
		}
		if !p.admin {
			j.do(chromedp.EmulateViewport(375, 900, chromedp.EmulateMobile))
			check(p, "375px")
			// Nothing may be wider than a phone's screen: text cut off at
			// the right is lost to the reader.
			if wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)); err != nil || wide {
				t.Errorf("%s at 375px: the page is wider than the screen (%v)", p.name, err)
			}
			// The dark scheme's colours are checked too: every token
			// switches there (site.css).
			j.do(qColorScheme("dark"))
			check(p, "375px, dark scheme")
			j.do(qColorScheme("light"))
		}
		t.Logf("axe: %s in %s", p.name, time.Since(began).Round(time.Millisecond))
	}
	qProbeAxe(t, ctx)
	j.probeConsole()
	qCheckConsole(j, pages)
}

// qColorScheme makes the tab's pages prefer the "dark" or the "light"
// colour scheme, as a visitor's system setting does.
func qColorScheme(scheme string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
		return chromedp.Void{}, err
	}
}

// qProbeAxe proves that axe is heard: a button without a name must be found.
func qProbeAxe(t *testing.T, ctx context.Context) {
	t.Helper()
	found, err := chromedp.Run(ctx, chromedp.Evaluate[[]qAxeResult](
		`document.body.append(Object.assign(document.createElement('button'), {id: 'axe-probe'})); `+qAxeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe probe: %v", err)
	}
	for _, v := range found {
		if v.ID == "button-name" {
			return
		}
	}
	t.Fatalf("axe did not find a button without a name (found %+v); it would miss real problems too", found)
}

// qCheckConsole is checkConsole less the browser's note of each screen
// that answers a 4xx on purpose (the 404 page, the forms with errors).
func qCheckConsole(j *journey, pages []qpage) {
	expected := map[string]bool{}
	for _, p := range pages {
		if p.status != http.StatusOK {
			expected[fmt.Sprintf("the server responded with a status of %d", p.status)+"|"+j.base+p.path] = true
		}
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, m := range j.messages[:j.before] {
		if s := qLoadStatus.FindStringSubmatch(m); s != nil && expected[s[1]+"|"+s[2]] {
			continue
		}
		j.t.Errorf("browser reported %s", m)
	}
}

// qLoadStatus reads the browser's note of a page that answered a 4xx.
var qLoadStatus = regexp.MustCompile(`(the server responded with a status of \d+) \(.*\) (\S+)$`)

// qBrowser starts a headless Chromium for one test and gives the context
// of its first tab.
func qBrowser(t *testing.T, chrome string, timeout time.Duration) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	t.Cleanup(cancel)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("hide-scrollbars", true), chromedp.UserDataDir(t.TempDir()))
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start %s: %v", chrome, err)
	}
	return bctx
}

// qLogIn logs the browser in as the first admin.
func qLogIn(j *journey) {
	j.t.Helper()
	logIn(j, qAdminEmail, qAdminPassword)
}

// logIn signs in through the form.
func logIn(j *journey, email, password string) {
	j.t.Helper()
	j.do(chromedp.Navigate(j.base + "/admin/login"))
	j.do(chromedp.SetValue(chromedp.CSS("#email"), email), chromedp.SetValue(chromedp.CSS("#password"), password))
	j.follow(`form[action="/admin/login"] button[type="submit"]`)
	if loc := j.location(); !strings.HasSuffix(loc, "/admin") {
		j.t.Fatalf("after logging in as %s the browser is at %s", email, loc)
	}
}

// qVNUMessage is one finding of the Nu HTML Checker.
type qVNUMessage struct {
	Type     string `json:"type"`
	SubType  string `json:"subType"`
	URL      string `json:"url"`
	LastLine int    `json:"lastLine"`
	Message  string `json:"message"`
	Extract  string `json:"extract"`
}

// checkHTML fetches every screen into a folder and runs the Nu HTML Checker
// once over all of them (Java starts slowly).
func checkHTML(t *testing.T, base string, pages []qpage) {
	jar := filepath.Join(qualityTools(t), "vnu-jar", "build", "dist", "vnu.jar")
	if _, err := os.Stat(jar); err != nil {
		needTool(t, "vnu-jar (the Nu HTML Checker)", "cd e2e/quality && npm ci")
	}
	java, err := exec.LookPath("java")
	if err != nil {
		needTool(t, "Java", "apt-qGet install -y default-jre-headless")
	}
	dir := t.TempDir()
	public, admin := &http.Client{}, qAdminClient(t, base)
	var files []string
	byFile := map[string]qpage{}
	for _, p := range pages {
		var res qResponse
		switch {
		case p.submit != "":
			res = qSendForm(t, base, admin, p)
		case p.admin:
			res = qGet(t, admin, base+p.path)
		default:
			res = qGet(t, public, base+p.path)
		}
		if res.code != p.status {
			t.Errorf("%s: %s answered %d, want %d", p.name, p.path, res.code, p.status)
			continue
		}
		file := filepath.Join(dir, p.name+".html")
		if err := os.WriteFile(file, []byte(res.body), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, file)
		byFile[p.name+".html"] = p
	}
	args := append([]string{"-jar", jar, "--errors-only", "--format", "json", "--exit-zero-always", "--stdout"}, files...)
	out, err := exec.Command(java, args...).Output()
	if err != nil {
		t.Fatalf("vnu: %v\n%s", err, out)
	}
	var report struct {
		Messages []qVNUMessage `json:"messages"`
	}
	if err := json.Unmarshal(out, &report); err != nil {
		t.Fatalf("vnu's report: %v\n%s", err, out)
	}
	for _, m := range report.Messages {
		p := byFile[filepath.Base(m.URL)]
		t.Errorf("vnu: %s (%s) line %d: %s: %s\n\t%s", p.path, p.name, m.LastLine, m.Type, m.Message, strings.TrimSpace(m.Extract))
	}
	t.Logf("vnu checked %d pages", len(files))
}
