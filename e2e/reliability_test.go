package e2e

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// TestReliability holds the real binary to the promises of docs/security.md
// about keeping an organisation's publications: it is killed in the middle
// of saves, loaded with readers and writers, stopped under load, backed up
// while writing, run out of disk, sent huge bodies, and its log is read.
// Each part starts from a copy of one seeded site and takes a few seconds.
func TestReliability(t *testing.T) {
	skipShort(t, "builds the binary and runs it")
	bin := buildBinary(t)
	tmpl := reliabTemplate(t, bin)
	fresh := func(t *testing.T) string {
		dir := t.TempDir()
		reliabCopy(t, dir, tmpl)
		return dir
	}
	run := func(name string, f func(t *testing.T, bin, dir string)) {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			f(t, bin, fresh(t))
			t.Logf("took %v", time.Since(start).Round(10*time.Millisecond))
		})
	}
	run("KillMidSave", testKillMidSave)
	run("ReadersAndWriters", testReadersAndWriters)
	run("GracefulShutdown", testGracefulShutdown)
	run("SecondSignal", testSecondSignal)
	run("BackupWhileWriting", testBackupWhileWriting)
	run("BodyLimits", testBodyLimits)
	run("Logs", testLogs)
	t.Run("FullDisk", func(t *testing.T) { testFullDisk(t, bin, tmpl) })
}

// testKillMidSave: editors save from four browsers at once; after the 40th
// save is answered the process gets SIGKILL, in the middle of other saves.
// Restarted on the same files, the database is intact and every save that
// was answered 303 is there.
func testKillMidSave(t *testing.T, bin, dir string) {
	site := reliabStart(t, bin, dir)
	ed := reliabLogin(t, site.base)
	const writers, target = 4, 40
	sv := &reliabSaver{}
	var kill sync.Once
	var wg sync.WaitGroup
	body := strings.Repeat("Text written just before the power went. ", 50)
	for g := range writers {
		wg.Go(func() {
			for i := 0; site.running(); i++ {
				title := fmt.Sprintf("Crash test %d-%d", g, i)
				code, _, _, err := ed.saveNews(title, body)
				sv.record(title, code, err)
				if err != nil {
					return
				}
				if len(sv.answered()) >= target {
					kill.Do(func() {
						sv.mu.Lock()
						sv.stopped = true
						sv.mu.Unlock()
						site.signal(syscall.SIGKILL)
					})
				}
			}
		})
	}
	wg.Wait()
	if !site.wait(5 * time.Second) {
		t.Fatal("the process did not die")
	}
	if len(sv.failed) > 0 {
		t.Fatalf("saves failed before the kill: %v", sv.failed)
	}
	saved := sv.answered()
	if len(saved) < target {
		t.Fatalf("only %d saves answered before the process stopped", len(saved))
	}
	if st, err := os.Stat(filepath.Join(dir, "orgsite.db-wal")); err == nil {
		t.Logf("killed after %d answered saves, with a %d KB WAL to recover", len(saved), st.Size()>>10)
	}

	site = reliabStart(t, bin, dir)
	db := reliabOpenDB(t, filepath.Join(dir, "orgsite.db"))
	reliabIntegrity(t, db)
	if missing := reliabMissing(t, db, saved); len(missing) > 0 {
		t.Fatalf("%d of %d answered saves lost: %v", len(missing), len(saved), missing)
	}
	// A save in flight at the kill is there or not, never in part.
	extra := reliabCount(t, db, "Crash test ") - len(saved)
	if extra < 0 || extra > writers {
		t.Errorf("%d items beyond the answered saves, want 0 to %d", extra, writers)
	}
	t.Logf("all %d answered saves there after the restart, and %d of the saves in flight at the kill", len(saved), extra)
	ed.base = site.base // the session lives in the database: still logged in
	if code, page, _ := ed.get("/admin/news?q=" + url.QueryEscape("Crash test")); code != http.StatusOK || !strings.Contains(page, "Crash test ") {
		t.Errorf("admin list after the restart: %d", code)
	}
	if code, _, _ := ed.get("/news/crash-test-0-0"); code != http.StatusOK {
		t.Errorf("the first saved item's public page after the restart: %d", code)
	}
}

// testReadersAndWriters: sixteen visitors read every kind of public page in
// a loop while two editors save 200 items. No visitor gets a 5xx or sees a
// locked database, and every save lands.
func testReadersAndWriters(t *testing.T, bin, dir string) {
	site := reliabStart(t, bin, dir)
	editors := []*reliabEditor{reliabLogin(t, site.base), reliabLogin(t, site.base)}
	urls := []string{"/", "/news", "/news/mobility-partnership-in-azerbaijan-conference-baku", "/search?q=baku",
		"/sitemap.xml", "/feed.xml", "/projects/mobilaze", "/news?page=2"}
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
	done := make(chan struct{})
	var reads atomic.Int64
	var badMu sync.Mutex
	var bad []string
	var readers sync.WaitGroup
	for r := range 16 {
		readers.Go(func() {
			for i := r; ; i++ {
				select {
				case <-done:
					return
				default:
				}
				code, body, err := reliabFetch(client, site.base+urls[i%len(urls)])
				reads.Add(1)
				if err != nil || code >= 500 || strings.Contains(body, "database is locked") || strings.Contains(body, "SQLITE_BUSY") {
					badMu.Lock()
					bad = append(bad, fmt.Sprintf("%s: %d %v", urls[i%len(urls)], code, err))
					badMu.Unlock()
				}
			}
		})
	}
	start := time.Now()
	sv := &reliabSaver{}
	var writers sync.WaitGroup
	for e, ed := range editors {
		writers.Go(func() {
			for i := range 100 {
				title := fmt.Sprintf("Load test %d-%d", e, i)
				code, _, _, err := ed.saveNews(title, "Written while the site is busy: "+title+".")
				sv.record(title, code, err)
			}
		})
	}
	writers.Wait()
	took := time.Since(start)
	close(done)
	readers.Wait()
	t.Logf("200 saves in %v (%.0f/s) beside %d page reads (%.0f/s)", took.Round(time.Millisecond),
		200/took.Seconds(), reads.Load(), float64(reads.Load())/took.Seconds())
	if len(bad) > 0 {
		t.Errorf("%d of %d reads failed, first: %v", len(bad), reads.Load(), bad[:min(5, len(bad))])
	}
	if len(sv.failed) > 0 || len(sv.saved) != 200 {
		t.Fatalf("%d saves answered 303, failures: %v", len(sv.saved), sv.failed[:min(5, len(sv.failed))])
	}
	db := reliabOpenDB(t, filepath.Join(dir, "orgsite.db"))
	if n := reliabCount(t, db, "Load test "); n != 200 {
		t.Errorf("%d items in the database, want 200", n)
	}
	if log := site.logs.String(); strings.Contains(log, "level=ERROR") {
		t.Errorf("errors in the log:\n%s", reliabGrep(log, "level=ERROR"))
	}
}

func reliabFetch(c *http.Client, u string) (int, string, error) {
	res, err := c.Get(u)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	var b strings.Builder
	_, err = bufio.NewReader(res.Body).WriteTo(&b)
	return res.StatusCode, b.String(), err
}

// reliabGrep returns the lines of log that contain s.
func reliabGrep(log, s string) string {
	var out []string
	for _, l := range strings.Split(log, "\n") {
		if strings.Contains(l, s) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// testGracefulShutdown: SIGTERM arrives while visitors load pages and an
// editor's save is still uploading. The save completes and is kept, every
// request that reached the server gets its 200, the process closes the
// database (the WAL checkpointed away) and exits 0 within 10 s.
func testGracefulShutdown(t *testing.T, bin, dir string) {
	site := reliabStart(t, bin, dir)
	ed := reliabLogin(t, site.base)
	host := strings.TrimPrefix(site.base, "http://")

	// The editor's save, half sent.
	u, _ := url.Parse(site.base + "/admin/")
	var cookies []string
	for _, c := range ed.client.Jar.Cookies(u) {
		cookies = append(cookies, c.Name+"="+c.Value)
	}
	form := url.Values{"title": {"Saved during shutdown"}, "summary": {"Sent slowly."}, "body": {strings.Repeat("Slow upload. ", 400)},
		"status": {"published"}, "_csrf": {ed.csrf}}.Encode()
	conn, err := net.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /admin/news/new HTTP/1.1\r\nHost: %s\r\nCookie: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n",
		host, strings.Join(cookies, "; "), len(form))
	conn.Write([]byte(form[:len(form)/2]))

	// Visitors, each request on a new connection.
	var stopAt atomic.Int64 // unix nanoseconds of the SIGTERM
	var ok, refused atomic.Int64
	var badMu sync.Mutex
	var bad []string
	client := &http.Client{Timeout: 15 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	var load sync.WaitGroup
	for r := range 4 {
		load.Go(func() {
			for i := r; site.running(); i++ {
				sent := time.Now().UnixNano()
				code, _, err := reliabFetch(client, site.base+[]string{"/", "/news", "/search?q=baku", "/sitemap.xml"}[i%4])
				switch {
				case err == nil && code == http.StatusOK:
					ok.Add(1)
				case err != nil && stopAt.Load() != 0 && sent > stopAt.Load()-int64(50*time.Millisecond):
					// Sent as the server stopped listening: refused or
					// reset by the kernel, never answered badly.
					refused.Add(1)
					time.Sleep(5 * time.Millisecond)
				default:
					badMu.Lock()
					bad = append(bad, fmt.Sprintf("%d %v", code, err))
					badMu.Unlock()
				}
			}
		})
	}
	time.Sleep(300 * time.Millisecond)
	stopAt.Store(time.Now().UnixNano())
	stopped := time.Now()
	site.signal(syscall.SIGTERM)
	time.Sleep(500 * time.Millisecond)
	if !site.running() {
		t.Fatalf("the server exited with a save in flight: %v", site.waitErr)
	}
	conn.Write([]byte(form[len(form)/2:]))
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the save in flight at SIGTERM: %v %v", res, err)
	}
	if !site.wait(10*time.Second - time.Since(stopped)) {
		t.Fatal("the server did not exit within 10 s of SIGTERM")
	}
	t.Logf("exited %v after SIGTERM; %d pages served, %d requests refused after the stop", time.Since(stopped).Round(time.Millisecond), ok.Load(), refused.Load())
	load.Wait()
	if site.waitErr != nil {
		t.Errorf("exit: %v, want 0", site.waitErr)
	}
	if len(bad) > 0 || ok.Load() == 0 {
		t.Errorf("visitors' requests answered badly: %v (%d fine)", bad, ok.Load())
	}
	log := site.logs.String()
	if !strings.Contains(log, `msg="shutting down"`) || !strings.Contains(log, "msg=stopped") {
		t.Errorf("the log does not show the stop:\n%s", log)
	}
	for _, level := range []string{"level=ERROR", "level=WARN"} {
		if strings.Contains(log, level) {
			t.Errorf("the stop logged a problem:\n%s", reliabGrep(log, level))
		}
	}
	// Closed cleanly: SQLite checkpointed the WAL and removed it.
	if st, err := os.Stat(filepath.Join(dir, "orgsite.db-wal")); err == nil && st.Size() > 0 {
		t.Errorf("a %d-byte WAL is left: the database was not closed", st.Size())
	}
	db := reliabOpenDB(t, filepath.Join(dir, "orgsite.db"))
	reliabIntegrity(t, db)
	if missing := reliabMissing(t, db, []string{"Saved during shutdown"}); len(missing) > 0 {
		t.Error("the save answered during the shutdown is not in the database")
	}
}

// testSecondSignal: the first SIGTERM waits for a request whose headers
// never finish; a second one ends the process at once, and the next start
// on the same files finds the database intact.
func testSecondSignal(t *testing.T, bin, dir string) {
	site := reliabStart(t, bin, dir)
	conn, err := net.Dial("tcp", strings.TrimPrefix(site.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprint(conn, "GET / HTTP/1.1\r\nHost: example.org\r\nX-Never-Ends: ")
	time.Sleep(100 * time.Millisecond)
	site.signal(syscall.SIGTERM)
	time.Sleep(300 * time.Millisecond)
	if !site.running() {
		t.Fatal("the first SIGTERM did not wait for the request in progress")
	}
	second := time.Now()
	site.signal(syscall.SIGTERM)
	if !site.wait(time.Second) {
		t.Fatal("the second SIGTERM did not end the process within 1 s")
	}
	t.Logf("exited %v after the second SIGTERM: %v", time.Since(second).Round(time.Millisecond), site.waitErr)
	reliabStart(t, bin, dir)
	reliabIntegrity(t, reliabOpenDB(t, filepath.Join(dir, "orgsite.db")))
}

// testBackupWhileWriting: `orgsite backup FILE` runs against the live
// database while two editors keep saving. Restored as docs/security.md
// says and served by a second server, the snapshot has the demo content
// and every save answered before the backup began.
func testBackupWhileWriting(t *testing.T, bin, dir string) {
	site := reliabStart(t, bin, dir)
	ed := reliabLogin(t, site.base)
	sv := &reliabSaver{}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for g := range 2 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				title := fmt.Sprintf("Backup test %d-%d", g, i)
				code, _, _, err := ed.saveNews(title, "Saved while the backup runs.")
				sv.record(title, code, err)
			}
		})
	}
	for deadline := time.Now().Add(20 * time.Second); len(sv.answered()) < 20; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("only %d saves in 20 s: %v", len(sv.answered()), sv.failed)
		}
	}
	before := sv.answered()
	out := t.TempDir()
	snapshot := filepath.Join(out, "snapshot.db")
	start := time.Now()
	msg, err := exec.Command(bin, "backup", "--db", filepath.Join(dir, "orgsite.db"), snapshot).CombinedOutput()
	took := time.Since(start)
	during := len(sv.answered()) - len(before)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("orgsite backup: %v\n%s", err, msg)
	}
	t.Logf("backup took %v; %d saves answered meanwhile; %s", took.Round(time.Millisecond), during, strings.TrimSpace(string(msg)))
	if len(sv.failed) > 0 {
		t.Errorf("saves failed during the backup: %v", sv.failed)
	}
	if during == 0 {
		t.Error("no save was answered while the backup ran: did it block the writers?")
	}
	if entries, _ := os.ReadDir(out); len(entries) != 1 {
		t.Errorf("files beside the snapshot: %v", entries)
	}

	// Restore: the snapshot as the database of a new data folder, with a
	// copy of the media folder.
	restored := t.TempDir()
	b, err := os.ReadFile(snapshot)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(restored, "orgsite.db"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	reliabCopy(t, filepath.Join(restored, "media"), filepath.Join(dir, "media"))
	db := reliabOpenDB(t, filepath.Join(restored, "orgsite.db"))
	reliabIntegrity(t, db)
	if missing := reliabMissing(t, db, before); len(missing) > 0 {
		t.Errorf("the snapshot lacks %d saves answered before it began: %v", len(missing), missing)
	}
	second := reliabStart(t, bin, restored)
	visitor := reliabEditor{base: second.base, client: http.DefaultClient}
	code, page, _ := visitor.get("/news/mobility-partnership-in-azerbaijan-conference-baku")
	img := regexp.MustCompile(`src="(/media/[^"]+)"`).FindStringSubmatch(page)
	if code != http.StatusOK || img == nil {
		t.Fatalf("a demo news item on the restored site: %d, lead image %v", code, img)
	}
	for _, p := range []string{"/", "/projects/mobilaze", "/news/backup-test-0-0", img[1]} {
		if code, _, err := visitor.get(p); code != http.StatusOK {
			t.Errorf("restored site: %s answered %d %v", p, code, err)
		}
	}
	reliabLogin(t, second.base) // the accounts came back too
}
