package e2e

import (
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"orgsite/internal/testkit"
)

// TestNginxProxyCache runs docs/nginx-proxy-cache.conf, as documented, in
// front of the binary started with --cdn-max-age: nginx keeps public pages
// (the second request is a HIT, orgsite does not see it), never the admin
// area, and a page changed behind it reaches nginx's visitors once its
// minute is over, not at once: the trade-off the README states.
func TestNginxProxyCache(t *testing.T) {
	nginx, err := exec.LookPath("nginx")
	if err != nil {
		nginx, err = exec.LookPath("/usr/sbin/nginx")
	}
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("nginx is missing: apt-get install nginx-light")
		}
		t.Skip("SKIPPED: nginx is not installed; to run this test: apt-get install nginx-light")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	reliabCopy(t, dir, reliabTemplate(t, bin))
	site := reliabStart(t, bin, dir, "--cdn-max-age", "60", "--trusted-proxies", "127.0.0.1/32")
	front := startNginx(t, nginx, site.base)

	get := func(base, path string) *http.Response {
		t.Helper()
		res, err := (&http.Client{Timeout: 10 * time.Second}).Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	if res := get(front, "/"); res.StatusCode != http.StatusOK || res.Header.Get("X-Cache-Status") != "MISS" {
		t.Fatalf("first request: %d %q", res.StatusCode, res.Header.Get("X-Cache-Status"))
	}
	if res := get(front, "/"); res.Header.Get("X-Cache-Status") != "HIT" {
		t.Errorf("second request: %q, want HIT (Cache-Control %q)", res.Header.Get("X-Cache-Status"), res.Header.Get("Cache-Control"))
	}
	get(front, "/admin/login")
	if res := get(front, "/admin/login"); res.Header.Get("X-Cache-Status") == "HIT" || !strings.Contains(res.Header.Get("Cache-Control"), "no-store") {
		t.Errorf("the login page from the cache: %q, Cache-Control %q", res.Header.Get("X-Cache-Status"), res.Header.Get("Cache-Control"))
	}
	// A change behind the cache: orgsite shows it at once, nginx within
	// the minute it may keep the page.
	ed := reliabLogin(t, site.base)
	if code, _, _, err := ed.saveNews("Cached conference report", "Body of the report."); err != nil || code != http.StatusSeeOther {
		t.Fatalf("publish: %d %v", code, err)
	}
	if _, body, _ := ed.get("/"); !strings.Contains(body, "Cached conference report") {
		t.Error("orgsite itself does not show the new item")
	}
	if res := get(front, "/"); res.Header.Get("X-Cache-Status") != "HIT" {
		t.Errorf("within the minute: %q, want the kept copy (HIT)", res.Header.Get("X-Cache-Status"))
	}
}

// startNginx runs the documented configuration on a free port in front of
// upstream, with its paths moved into a temp folder, and returns its base.
func startNginx(t *testing.T, nginx, upstream string) string {
	t.Helper()
	doc, err := os.ReadFile("../docs/nginx-proxy-cache.conf")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	addr := testkit.FreeAddr(t)
	conf := strings.NewReplacer(
		"/var/cache/nginx/orgsite", filepath.Join(dir, "cache"),
		"listen 80;", "listen "+addr+";",
		"http://127.0.0.1:8080", upstream,
	).Replace(string(doc))
	for _, s := range []string{filepath.Join(dir, "cache"), "listen " + addr, upstream} {
		if !strings.Contains(conf, s) {
			t.Fatalf("the documented configuration changed shape: no %q", s)
		}
	}
	main := "pid " + dir + "/nginx.pid;\nerror_log " + dir + "/error.log;\n"
	if os.Geteuid() == 0 {
		main += "user root;\n" // the workers must reach the temp folder
	}
	main += "events { worker_connections 64; }\nhttp {\n access_log off;\n client_body_temp_path " + dir + "/body;\n proxy_temp_path " + dir + "/proxy;\n" +
		" fastcgi_temp_path " + dir + "/fcgi;\n uwsgi_temp_path " + dir + "/uwsgi;\n scgi_temp_path " + dir + "/scgi;\n" + conf + "\n}\n"
	path := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(path, []byte(main), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(nginx, "-p", dir, "-c", path, "-g", "daemon off;")
	// Output to a file, not a pipe: nginx's workers would hold a pipe
	// open after the master is gone, and Wait with it.
	logs, err := os.Create(filepath.Join(dir, "stderr.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logs, logs
	cmd.WaitDelay = 2 * time.Second
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM) // the master stops its workers
		cmd.Wait()
		logs.Close()
		if t.Failed() {
			out, _ := os.ReadFile(filepath.Join(dir, "stderr.log"))
			errLog, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Logf("nginx:\n%s\n%s", out, errLog)
		}
	})
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return "http://" + addr
		}
	}
	t.Fatalf("nginx did not listen on %s", addr)
	return ""
}
