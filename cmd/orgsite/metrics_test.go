package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"orgsite/internal/testkit"
)

// TestMetrics starts the server with --metrics-addr, reads some pages and
// scrapes /metrics, parsed with Prometheus's own text parser: requests by
// route pattern (never by raw path), the page cache, database writes, the
// Go and process collectors. The site's address does not serve them.
func TestMetrics(t *testing.T) {
	dir := t.TempDir()
	addr, maddr := testkit.FreeAddr(t), testkit.FreeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var logs testkit.SyncBuffer
	go func() {
		done <- run(ctx, []string{"serve", "--addr", addr, "--metrics-addr", maddr, "--log-format", "json", "--db", filepath.Join(dir, "site.db"),
			"--media", filepath.Join(dir, "media"), "--base-url", "http://" + addr}, nil, io.Discard, &logs, env(nil))
	}()
	var once sync.Once
	stop := func() { once.Do(func() { cancel(); <-done }) }
	defer stop()
	waitFor(t, "http://"+addr+"/healthz", &logs)
	for _, p := range []string{"/", "/", "/news/mobility-partnership-in-azerbaijan-conference-baku", "/news/mobility-partnership-in-azerbaijan-conference-baku", "/no-such-page"} {
		get(t, "http://"+addr+p)
	}
	if code := get(t, "http://"+addr+"/metrics"); code != http.StatusNotFound {
		t.Errorf("the site's address serves /metrics: %d", code)
	}

	res, err := http.Get("http://" + maddr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(res.Body)
	if err != nil {
		t.Fatalf("not the exposition format: %v", err)
	}
	value := func(name string, labels map[string]string) float64 {
		f := families[name]
		if f == nil {
			t.Errorf("no %s", name)
			return 0
		}
		for _, m := range f.Metric {
			if hasLabels(m, labels) {
				switch {
				case m.Counter != nil:
					return m.Counter.GetValue()
				case m.Gauge != nil:
					return m.Gauge.GetValue()
				case m.Histogram != nil:
					return float64(m.Histogram.GetSampleCount())
				}
			}
		}
		t.Errorf("no %s with %v", name, labels)
		return 0
	}
	if n := value("orgsite_http_requests_total", map[string]string{"route": "/news/:slug", "code": "2xx"}); n != 2 {
		t.Errorf("news item requests: %v, want 2", n)
	}
	value("orgsite_http_requests_total", map[string]string{"route": "/:slug", "code": "4xx"}) // a page that is not there
	if value("orgsite_cache_hits_total", map[string]string{"cache": "pages"}) < 2 || value("orgsite_cache_misses_total", map[string]string{"cache": "pages"}) < 2 {
		t.Error("the page cache's hits and misses are not counted")
	}
	if value("orgsite_db_write_seconds", map[string]string{"outcome": "ok"}) < 1 { // the demo's seeding
		t.Error("database writes are not counted")
	}
	value("orgsite_page_render_seconds", nil)
	value("go_goroutines", nil)
	value("process_resident_memory_bytes", nil)
	checkDashboard(t, families)
	stop()
	checkJSONLog(t, logs.String())
	for _, f := range families {
		for _, m := range f.Metric {
			for _, l := range m.Label {
				if l.GetName() == "route" && !model.LabelValue(l.GetValue()).IsValid() || strings.Contains(l.GetValue(), "mobility") {
					t.Errorf("%s has a raw path as its route: %q", f.GetName(), l.GetValue())
				}
			}
		}
	}
}

func hasLabels(m *dto.Metric, want map[string]string) bool {
	got := map[string]string{}
	for _, l := range m.Label {
		got[l.GetName()] = l.GetValue()
	}
	for k, v := range want {
		if got[k] != v {
			return false
		}
	}
	return true
}

func waitFor(t *testing.T, url string, logs *testkit.SyncBuffer) {
	t.Helper()
	for range 600 {
		if res, err := http.Get(url); err == nil {
			res.Body.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s did not answer\n%s", url, logs.String())
}

func get(t *testing.T, url string) int {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode
}

// checkDashboard: every metric docs/grafana-dashboard.json asks for is one
// the server exports (a histogram's _bucket by its name).
func checkDashboard(t *testing.T, families map[string]*dto.MetricFamily) {
	t.Helper()
	data, err := os.ReadFile("../../docs/grafana-dashboard.json")
	if err != nil {
		t.Fatal(err)
	}
	var dash struct {
		Panels []struct {
			Title   string
			Targets []struct{ Expr string }
		}
	}
	if err := json.Unmarshal(data, &dash); err != nil || len(dash.Panels) == 0 {
		t.Fatalf("the dashboard is not JSON with panels: %v", err)
	}
	name := regexp.MustCompile(`\b(?:orgsite|go|process)_[a-z_]+`)
	for _, p := range dash.Panels {
		for _, target := range p.Targets {
			for _, n := range name.FindAllString(target.Expr, -1) {
				if families[strings.TrimSuffix(n, "_bucket")] == nil && families[n] == nil {
					t.Errorf("panel %q asks for %s, which the server does not export", p.Title, n)
				}
			}
		}
	}
}

// checkJSONLog: with --log-format json every line is a JSON object, and a
// request's line names its route, status, client and request id.
func checkJSONLog(t *testing.T, logs string) {
	t.Helper()
	found := false
	for line := range strings.Lines(strings.TrimSpace(logs)) {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("not a JSON line: %q", line)
		}
		if rec["msg"] == "request" && rec["route"] == "/news/:slug" {
			found = rec["status"] == float64(200) && rec["client"] == "127.0.0.1" && rec["request_id"] != ""
		}
	}
	if !found {
		t.Errorf("no JSON request line with route, status, client and request id:\n%s", logs)
	}
}
