package e2e

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"orgsite/internal/testkit"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// TestBrowserJourney walks the public site as a visitor does, on a phone
// and on a desktop: home, a news item, its project with the EU funding
// block, a search from the header, the site map from the footer.
func TestBrowserJourney(t *testing.T) {
	chrome, base := startBrowserSite(t)
	shots := screenshotDir(t, "orgsite-e2e-*")

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()
	// Start the browser once; each width gets its own tab.
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start %s: %v", chrome, err)
	}

	for _, width := range []int64{375, 1280} {
		t.Run(fmt.Sprintf("%dpx", width), func(t *testing.T) {
			tctx, cancelTab := chromedp.NewContext(bctx)
			defer cancelTab()
			j := &journey{t: t, ctx: tctx, base: base, width: width, shots: shots}
			j.watchConsole()
			j.run()
			j.probeConsole()
			j.checkConsole()
		})
	}
}

// journey is one visit at one window width.
type journey struct {
	t     *testing.T
	ctx   context.Context
	base  string
	width int64
	shots string
	step  int

	mu       sync.Mutex
	messages []string // console errors and CSP reports
	before   int      // messages recorded before probeConsole
}

func (j *journey) run() {
	t := j.t
	var viewport []chromedp.EmulateViewportOption
	if j.width < 600 {
		viewport = append(viewport, chromedp.EmulateMobile)
	}
	j.do(chromedp.EmulateViewport(j.width, 900, viewport...), chromedp.Navigate(j.base+"/"))

	// Home: the site's name as the one h1, and cards of the latest news.
	if h1 := j.text("h1"); h1 != "International Migration Policy Centre" {
		t.Errorf("home h1 %q", h1)
	}
	cards := eval[int](j, `document.querySelectorAll('section[aria-labelledby="latest-news"] .card').length`)
	if cards == 0 {
		t.Fatal("no cards under Latest news")
	}
	j.checkLayout()
	j.screenshot("home")

	// The first news card leads to its item.
	title := j.text(`section[aria-labelledby="latest-news"] .card .card-title a`)
	j.follow(`section[aria-labelledby="latest-news"] .card .card-title a`)
	if !strings.Contains(j.location(), "/news/") {
		t.Fatalf("the first card led to %s", j.location())
	}
	if h1 := j.text("h1"); h1 != title {
		t.Errorf("news item h1 %q, the card said %q", h1, title)
	}
	j.checkFunding("main .funding") // a MOBILAZE news item: the project's funding, once
	if n := eval[int](j, `document.querySelectorAll('footer .funding').length`); n != 0 {
		j.t.Errorf("a news item with its project's funding block has %d more in the footer", n)
	}
	j.checkLayout()
	j.screenshot("news-item")

	// The news item names its project; follow the link.
	j.follow(".article-project a")
	if !strings.Contains(j.location(), "/projects/") {
		t.Fatalf("the project link led to %s", j.location())
	}
	if h1 := j.text("h1"); h1 == "" {
		t.Error("project page without h1")
	}
	j.checkFunding("main .funding")
	if n := eval[int](j, `document.querySelectorAll('footer .funding').length`); n != 0 {
		j.t.Errorf("a project page has %d funding blocks in the footer besides its own", n)
	}
	j.checkLayout()
	j.screenshot("project")

	// Search from the header.
	j.do(chromedp.SendKeys(chromedp.CSS("#header-q"), "Baku"))
	j.follow(".header-search button")
	if loc := j.location(); !strings.Contains(loc, "/search?q=Baku") {
		t.Errorf("the header search went to %s", loc)
	}
	if n := eval[int](j, `document.querySelectorAll('.results .result').length`); n == 0 {
		t.Error("no results for Baku")
	}
	if marks := eval[[]string](j, `[...document.querySelectorAll('.results mark')].map(m => m.textContent.toLowerCase())`); len(marks) == 0 {
		t.Error("no highlighted match in the results")
	} else {
		for _, m := range marks {
			if m != "baku" {
				t.Errorf("highlighted %q for Baku", m)
			}
		}
	}
	j.checkLayout()
	j.screenshot("search")

	// The site map, from the footer.
	j.follow(`footer a[href="/sitemap"]`)
	if h1 := j.text("h1"); h1 != "Site map" {
		t.Errorf("site map h1 %q", h1)
	}
	if n := eval[int](j, `document.querySelectorAll('.sitemap a').length`); n < 10 {
		t.Errorf("the site map has %d links", n)
	}
	j.checkLayout()
	j.screenshot("sitemap")
}

// do runs actions, failing the test on an error.
func (j *journey) do(actions ...chromedp.Action[chromedp.Void]) {
	j.t.Helper()
	if err := chromedp.Do(j.ctx, actions...); err != nil {
		j.t.Fatalf("at %s: %v", j.where(), err)
	}
}

// follow clicks the element sel and waits for the next page.
func (j *journey) follow(sel string) {
	j.t.Helper()
	// The page loaded in full first: a picture arriving after the click's
	// point was measured moves the link away from it (seen on a busy CI
	// machine, where the click then led nowhere).
	// A poll that meets the page still changing (its script context gone)
	// is no failure: the click below waits for its element anyway.
	chromedp.Run(j.ctx, chromedp.Poll[bool](`document.readyState === "complete"`,
		chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(20*time.Second)))
	ctx, cancel := context.WithTimeout(j.ctx, 20*time.Second)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
	if errors.Is(err, context.DeadlineExceeded) && j.ctx.Err() == nil {
		// A mouse click lost on a machine too busy to lay the page out
		// in time (seen once on CI): the link is followed as a script
		// would, so the journey goes on and still checks where it leads.
		j.t.Logf("at %s: the click on %s led nowhere in 20 s; following it by script", j.where(), sel)
		resp, err = chromedp.RunResponse(j.ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector(`+strconv.Quote(sel)+`).click()`))
	}
	if err != nil {
		j.t.Fatalf("at %s: click %s: %v", j.where(), sel, err)
	}
	if resp.Status != http.StatusOK {
		j.t.Fatalf("click %s: %s answered %d", sel, resp.URL, resp.Status)
	}
}

func (j *journey) text(sel string) string {
	j.t.Helper()
	s, err := chromedp.Run(j.ctx, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
	if err != nil {
		j.t.Fatalf("at %s: text of %s: %v", j.where(), sel, err)
	}
	return strings.Join(strings.Fields(s), " ")
}

func (j *journey) location() string {
	loc, err := chromedp.Run(j.ctx, chromedp.Location())
	if err != nil {
		j.t.Fatalf("location: %v", err)
	}
	return loc
}

// where names the current page for a failure message.
func (j *journey) where() string {
	ctx, cancel := context.WithTimeout(j.ctx, 2*time.Second)
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return fmt.Sprintf("%dpx, step %d", j.width, j.step)
	}
	return fmt.Sprintf("%dpx %s", j.width, loc)
}

func eval[T any](j *journey, expr string) T {
	j.t.Helper()
	v, err := chromedp.Run(j.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		j.t.Fatalf("at %s: %s: %v", j.where(), expr, err)
	}
	return v
}

// screenshot saves the whole page as the next step of the journey.
func (j *journey) screenshot(name string) {
	j.t.Helper()
	j.step++
	buf, err := chromedp.Run(j.ctx, chromedp.FullScreenshot(100)) // PNG
	if err != nil {
		j.t.Errorf("screenshot %s: %v", name, err)
		return
	}
	path := filepath.Join(j.shots, fmt.Sprintf("%d-%02d-%s.png", j.width, j.step, name))
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		j.t.Error(err)
	}
}

// checkLayout checks that nothing makes the page wider than the window: at
// 375 px a visitor must never scroll sideways.
func (j *journey) checkLayout() {
	j.t.Helper()
	wide := eval[[]string](j, `(() => {
		const w = document.documentElement.clientWidth;
		const out = [];
		if (document.documentElement.scrollWidth > w + 1) out.push('document ' + document.documentElement.scrollWidth + 'px');
		for (const el of document.querySelectorAll('body *')) {
			const r = el.getBoundingClientRect();
			if (r.width > 0 && r.right > w + 1 && getComputedStyle(el).position !== 'fixed' && !el.closest('.visually-hidden, .skip-link')) {
				out.push(el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '') + ' ends at ' + Math.round(r.right) + 'px');
			}
			if (out.length > 5) break;
		}
		return out;
	})()`)
	if len(wide) > 0 {
		j.t.Errorf("at %s the page is wider than the %dpx window: %s", j.where(), j.width, strings.Join(wide, "; "))
	}
}

// fundingBox is what the browser drew of a funding block.
type fundingBox struct {
	Found           bool      `json:"found"`
	Emblem          float64   `json:"emblem"`
	Logos           []float64 `json:"logos"`
	StatementHeight float64   `json:"statementHeight"`
	Statement       string    `json:"statement"`
	SameParent      bool      `json:"sameParent"`
}

// checkFunding measures the funding block at sel as drawn: the EU emblem is
// visible, at least as tall as every other logo, and its statement is
// visible beside it.
func (j *journey) checkFunding(sel string) {
	j.t.Helper()
	// Logos may load lazily: bring the block into view and wait for them.
	j.do(chromedp.Evaluate[chromedp.Void](`document.querySelector('` + sel + `')?.scrollIntoView()`))
	_, err := chromedp.Run(j.ctx, chromedp.Poll[bool](`[...document.querySelectorAll('`+sel+` img')].every(i => i.complete && i.naturalHeight > 0)`,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		j.t.Errorf("at %s: the logos of %s did not load: %v", j.where(), sel, err)
	}
	box := eval[fundingBox](j, `(() => {
		const block = document.querySelector('`+sel+`');
		if (!block) return {found: false};
		const emblem = block.querySelector('.eu-emblem');
		const statement = block.querySelector('.funding-statement');
		const h = el => el ? el.getBoundingClientRect().height : 0;
		return {
			found: true,
			emblem: h(emblem),
			logos: [...block.querySelectorAll('img:not(.eu-emblem)')].map(h),
			statementHeight: h(statement),
			statement: statement ? statement.textContent.trim() : '',
			sameParent: !!(emblem && statement && emblem.parentElement === statement.parentElement),
		};
	})()`)
	switch {
	case !box.Found:
		j.t.Errorf("at %s: no %s", j.where(), sel)
		return
	case box.Emblem <= 0:
		j.t.Errorf("at %s: the EU emblem in %s is not drawn", j.where(), sel)
	case box.StatementHeight <= 0 || box.Statement != "Funded by the European Union" && box.Statement != "Co-funded by the European Union":
		j.t.Errorf("at %s: the statement in %s is %q, %.0fpx high", j.where(), sel, box.Statement, box.StatementHeight)
	case !box.SameParent:
		j.t.Errorf("at %s: the emblem and the statement in %s are not together", j.where(), sel)
	}
	for _, h := range box.Logos {
		if h > box.Emblem+0.5 {
			j.t.Errorf("at %s: a logo in %s is %.1fpx high, taller than the EU emblem (%.1fpx)", j.where(), sel, h, box.Emblem)
		}
	}
}

// watchConsole records console errors, uncaught exceptions and browser log
// entries of level error, which is where CSP violations appear.
func (j *journey) watchConsole() {
	record := func(kind, text string) {
		j.mu.Lock()
		defer j.mu.Unlock()
		j.messages = append(j.messages, kind+": "+text)
	}
	err := chromedp.Listen(j.ctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			var parts []string
			for _, a := range ev.Args {
				parts = append(parts, string(a.Value)+a.Description)
			}
			text := strings.Join(parts, " ")
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert || strings.Contains(text, "Content Security Policy") {
				record("console."+string(ev.Type), text)
			}
		case *runtime.EventExceptionThrown:
			record("exception", ev.ExceptionDetails.Text)
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError || strings.Contains(ev.Entry.Text, "Content Security Policy") {
				record("log."+string(ev.Entry.Source), ev.Entry.Text+" "+ev.Entry.URL)
			}
		}
	})
	if err != nil {
		j.t.Fatalf("listen to the console: %v", err)
	}
}

// probeConsole proves that watchConsole hears what it must: it logs an
// error and tries to run an inline script, which the CSP must refuse.
func (j *journey) probeConsole() {
	j.mu.Lock()
	j.before = len(j.messages)
	j.mu.Unlock()
	j.do(chromedp.Evaluate[chromedp.Void](`console.error("e2e-probe");
		const s = document.createElement("script");
		s.textContent = "window.e2eInline = true";
		document.body.appendChild(s);`))
	if eval[bool](j, `window.e2eInline === true`) {
		j.t.Error("an inline script ran: the CSP does not block it")
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		j.mu.Lock()
		var probe, csp bool
		for _, m := range j.messages[j.before:] {
			probe = probe || strings.Contains(m, "e2e-probe")
			csp = csp || strings.Contains(m, "Content Security Policy")
		}
		j.mu.Unlock()
		if probe && csp {
			break
		}
		if time.Now().After(deadline) {
			j.t.Fatalf("the console watch missed the probes (error: %v, CSP: %v); it would miss real errors too", probe, csp)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// checkConsole fails on every message recorded before the probes.
func (j *journey) checkConsole() {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, m := range j.messages[:j.before] {
		j.t.Errorf("browser reported %s", m)
	}
}

// skipShort skips a test that takes long, saying why, under go test -short.
func skipShort(t *testing.T, why string) {
	t.Helper()
	if testing.Short() {
		t.Skip(why)
	}
}

// startBrowserSite is the start of a browser test: it finds Chromium and
// starts the site, and returns both; under -short it skips.
func startBrowserSite(t *testing.T) (chrome, base string) {
	t.Helper()
	skipShort(t, "builds the binary and drives a browser")
	chrome = findChromium(t)
	return chrome, startSite(t, buildBinary(t))
}

// screenshotDir makes a folder for a journey's screenshots and names it in
// the log; it is kept after the test, for a person to look at.
func screenshotDir(t *testing.T, pattern string) string {
	t.Helper()
	shots, err := os.MkdirTemp("", pattern)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", shots)
	return shots
}

// findChromium finds the browser, or skips: the browser tests are optional
// on a developer's machine but required on CI.
func findChromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	const msg = "chromium not installed: apt-get install -y chromium to run browser tests"
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// buildBinary builds cmd/orgsite from the module this test belongs to.
func buildBinary(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	gomod := strings.TrimSpace(string(out))
	if err != nil || gomod == "" || gomod == os.DevNull {
		t.Fatalf("find the module root: %v %q", err, gomod)
	}
	bin := filepath.Join(t.TempDir(), "orgsite")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/orgsite")
	cmd.Dir = filepath.Dir(gomod)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startSite runs the binary on a free local port with a new database and
// returns its base URL once /healthz answers. The server is stopped with
// SIGTERM when the test ends, and its log is shown if the test failed.
func startSite(t *testing.T, bin string) string {
	t.Helper()
	base, _ := startSiteIn(t, bin)
	return base
}

// startSiteIn is startSite that also gives the site's data folder (its
// orgsite.db and media), for commands run beside the server; flags are
// more of serve's.
func startSiteIn(t *testing.T, bin string, flags ...string) (base, dir string) {
	t.Helper()
	addr := testkit.FreeAddr(t)
	base = "http://" + addr
	dir = t.TempDir()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", addr, "--db", filepath.Join(dir, "orgsite.db"),
		"--media", filepath.Join(dir, "media"), "--base-url", base}, flags...)...)
	cmd.Env = append(os.Environ(), "ORGSITE_ADMIN_EMAIL=e2e@example.org", "ORGSITE_ADMIN_PASSWORD=e2e-password-not-secret")
	logs := &testkit.SyncBuffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var waitErr error
	exited := make(chan struct{})
	go func() { waitErr = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
			if waitErr != nil {
				t.Errorf("the server did not stop cleanly on SIGTERM: %v", waitErr)
			}
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			t.Error("the server did not stop within 10s of SIGTERM")
		}
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
	})
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case <-exited:
			t.Fatalf("the server stopped: %v\n%s", waitErr, logs.String())
		default:
		}
		if resp, err := client.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return base, dir
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("/healthz did not answer within 30s\n%s", logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}
