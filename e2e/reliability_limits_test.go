package e2e

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The parts of TestReliability about limits: bodies, logs, disk space.

// testBodyLimits: a client announcing a gigabyte body gets its answer at
// once, without the server reading it: 413 on the admin, whose forms take
// bodies, and 405 on public pages, which take none.
func testBodyLimits(t *testing.T, bin, dir string) {
	site := reliabStart(t, bin, dir)
	host := strings.TrimPrefix(site.base, "http://")
	for _, tc := range []struct {
		path string
		want int
	}{{"/admin/login", 413}, {"/admin/news/new", 413}, {"/admin/media", 413}, {"/", 405}} {
		conn, err := net.Dial("tcp", host)
		if err != nil {
			t.Fatal(err)
		}
		conn.SetDeadline(time.Now().Add(5 * time.Second))
		start := time.Now()
		fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n%s",
			tc.path, host, 1<<30, strings.Repeat("a", 4096))
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		took := time.Since(start)
		conn.Close()
		if err != nil {
			t.Errorf("POST %s with 1 GB announced: %v", tc.path, err)
			continue
		}
		if res.StatusCode != tc.want || took > 2*time.Second {
			t.Errorf("POST %s with 1 GB announced: %d after %v, want %d at once", tc.path, res.StatusCode, took, tc.want)
		}
	}
}

// testLogs: a session of staff work leaves one structured line per request
// with its status and duration, and no password, token, session id or
// search words.
func testLogs(t *testing.T, bin, dir string) {
	site := reliabStart(t, bin, dir)
	mark := len(site.logs.String())
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	ed := &reliabEditor{t: t, base: site.base, client: c}
	const wrong = "wrong-password-Zq7xK2"
	var requests int
	step := func(want int, code int, err error) {
		t.Helper()
		requests++
		if err != nil || code != want {
			t.Fatalf("request %d: %d %v, want %d", requests, code, err, want)
		}
	}
	code, page, err := ed.get("/admin/login")
	step(200, code, err)
	loginToken := reliabCSRFField.FindStringSubmatch(page)[1]
	code, _, _, err = ed.post("/admin/login", url.Values{"email": {reliabEmail}, "password": {wrong}, "_csrf": {loginToken}})
	step(401, code, err)
	code, _, _, err = ed.post("/admin/login", url.Values{"email": {reliabEmail}, "password": {reliabPassword}, "_csrf": {loginToken}})
	step(303, code, err)
	code, page, err = ed.get("/admin")
	step(200, code, err)
	ed.csrf = reliabCSRFField.FindStringSubmatch(page)[1]
	code, _, _, err = ed.saveNews("Logged item", "Body.")
	step(303, code, err)
	code, _, err = ed.get("/search?q=" + url.QueryEscape("confidential whistleblower"))
	step(200, code, err)
	code, _, err = ed.get("/news/")
	step(301, code, err)
	code, _, err = ed.get("/no-such-page")
	step(404, code, err)
	u, _ := url.Parse(site.base + "/admin/")
	session := ""
	for _, ck := range jar.Cookies(u) {
		if ck.Name == "orgsite_session" {
			session = ck.Value
		}
	}
	if session == "" {
		t.Fatal("no session cookie after login")
	}
	secrets := []string{session, reliabPassword, wrong, loginToken, ed.csrf, "confidential", "whistleblower"}

	line := regexp.MustCompile(`(?m)^time=\S+ level=\w+ msg=request method=[A-Z]+ path=\S+ status=(\d{3}) bytes=\d+ duration=[0-9.]+[µnm]?s route=\S+ client=\S+ request_id=\S+$`)
	var lines [][]string
	for deadline := time.Now().Add(2 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		lines = line.FindAllStringSubmatch(site.logs.String()[mark:], -1)
		if len(lines) >= requests || time.Now().After(deadline) {
			break
		}
	}
	if len(lines) != requests {
		t.Errorf("%d request lines for %d requests:\n%s", len(lines), requests, site.logs.String()[mark:])
	}
	log := site.logs.String()
	for _, l := range strings.Split(strings.TrimSpace(log), "\n") {
		if !regexp.MustCompile(`^time=\S+ level=(DEBUG|INFO|WARN|ERROR) msg=`).MatchString(l) {
			t.Errorf("not a structured line: %q", l)
		}
	}
	for _, s := range secrets {
		if strings.Contains(log, s) {
			t.Errorf("the log contains %q", s)
		}
	}
}

// testFullDisk runs the site on a 4 MB tmpfs and fills it. Saves fail with
// 503, the reason and the editor's text in the form; the public site keeps
// serving; once there is space again the next save works, the database is
// intact and the process still stops cleanly.
func testFullDisk(t *testing.T, bin, tmpl string) {
	disk := t.TempDir()
	if err := syscall.Mount("tmpfs", disk, "tmpfs", 0, "size=4m,mode=0755"); err != nil {
		reliabNoMount(t, err)
	}
	t.Cleanup(func() { syscall.Unmount(disk, syscall.MNT_DETACH) })
	reliabCopy(t, disk, tmpl)
	site := reliabStart(t, bin, disk)
	ed := reliabLogin(t, site.base)

	filler := filepath.Join(disk, "filler")
	f, err := os.Create(filler)
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 16<<10)
	for {
		if _, err := f.Write(chunk); err != nil {
			break
		}
	}
	f.Close()

	body := strings.Repeat("Minutes of the steering committee, kept in the form. ", 3000)
	var saved []string
	var page, title string
	for i := 0; ; i++ {
		if i == 10 {
			t.Fatalf("10 saves of %d KB succeeded on a full disk", len(body)>>10)
		}
		title = "Full disk minutes " + strconv.Itoa(i)
		code, _, p, err := ed.saveNews(title, body)
		if err != nil {
			t.Fatal(err)
		}
		if code == http.StatusSeeOther {
			saved = append(saved, title) // SQLite still had room in its WAL
			continue
		}
		if code != http.StatusServiceUnavailable {
			t.Fatalf("save on a full disk: %d, want 503\n%s", code, p)
		}
		page = p
		break
	}
	t.Logf("%d saves fitted before the disk refused", len(saved))
	for _, want := range []string{"The site cannot save changes right now", `value="` + title + `"`, body[:2000]} {
		if !strings.Contains(page, want) {
			t.Errorf("the 503 form lacks %.60q", want)
		}
	}
	for _, p := range []string{"/", "/news", "/news/mobility-partnership-in-azerbaijan-conference-baku", "/search?q=baku", "/feed.xml", "/healthz"} {
		if code, _, err := ed.get(p); code != http.StatusOK {
			t.Errorf("public %s on a full disk: %d %v", p, code, err)
		}
	}

	os.Remove(filler)
	if code, _, _, err := ed.saveNews(title, body); code != http.StatusSeeOther {
		t.Fatalf("save once there is space again: %d %v", code, err)
	}
	db := reliabOpenDB(t, filepath.Join(disk, "orgsite.db"))
	reliabIntegrity(t, db)
	if missing := reliabMissing(t, db, append(saved, title)); len(missing) > 0 {
		t.Errorf("lost: %v", missing)
	}
	site.signal(syscall.SIGTERM)
	if !site.wait(10*time.Second) || site.waitErr != nil {
		t.Errorf("stop after the full disk: %v", site.waitErr)
	}
}

// reliabNoMount skips the full-disk test where a tmpfs cannot be mounted
// (not root, or a container without CAP_SYS_ADMIN), and fails it on CI if
// this process has the capability, where the mount should have worked.
func reliabNoMount(t *testing.T, err error) {
	t.Helper()
	msg := fmt.Sprintf("cannot mount a tmpfs to fill a disk for real (%v): run as root with CAP_SYS_ADMIN; "+
		"web.TestNewsSaveOnFullDisk and the store's TestFullDiskIsUnavailable still test a full database", err)
	if os.Getenv("CI") != "" && reliabCapSysAdmin() {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

func reliabCapSysAdmin() bool {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return false
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "CapEff:"); ok {
			caps, err := strconv.ParseUint(strings.TrimSpace(v), 16, 64)
			return err == nil && caps&(1<<21) != 0
		}
	}
	return false
}
