// Package metrics is what orgsite tells Prometheus: requests by route and
// status class, the page caches, database writes, backups and the login
// throttle, with the Go and process collectors. It is served on its own
// address (--metrics-addr), never on the site's.
//
// What other packages count themselves (the page caches' hits and
// misses) is read at scrape time, so a request pays for no more than the
// one counter and histogram of its route.
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds the collectors. A nil *Metrics counts nothing, so callers
// need not ask whether metrics are on.
type Metrics struct {
	reg         *prometheus.Registry
	requests    *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	renders     prometheus.Histogram
	writes      *prometheus.HistogramVec
	throttled   prometheus.Counter
	backupAt    prometheus.Gauge
	backupBytes prometheus.Gauge
	lag         prometheus.Histogram
}

// New makes the collectors, registered with the Go and process ones.
func New() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "orgsite_http_requests_total", Help: "Requests answered, by route pattern and status class.",
	}, []string{"route", "code"})
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "orgsite_http_request_duration_seconds", Help: "Time to answer a request, by route pattern.",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
	}, []string{"route"})
	m.renders = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name: "orgsite_page_render_seconds", Help: "Time to render a public page the cache did not hold.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
	})
	m.writes = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "orgsite_db_write_seconds", Help: "Time of a database write, from asking for the lock to the commit, by outcome.",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 5},
	}, []string{"outcome"})
	m.throttled = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "orgsite_login_throttled_total", Help: "Sign-in attempts refused by the throttle (429).",
	})
	m.backupAt = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "orgsite_backup_last_success_timestamp_seconds", Help: "When the last nightly backup was written (0: none since start).",
	})
	m.backupBytes = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "orgsite_backup_last_size_bytes", Help: "Size of the last nightly backup.",
	})
	m.lag = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name: "orgsite_schedule_lag_seconds", Help: "How late a scheduled change (a publication, an expiry) was first served after its time.",
		Buckets: []float64{.01, .1, .5, 1, 5, 15, 60, 300},
	})
	m.reg.MustRegister(m.requests, m.duration, m.renders, m.writes, m.throttled, m.backupAt, m.backupBytes, m.lag,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in Prometheus's exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Request counts a request answered by route with status, in d.
func (m *Metrics) Request(route string, status int, d time.Duration) {
	if m == nil {
		return
	}
	m.requests.WithLabelValues(route, statusClass(status)).Inc()
	m.duration.WithLabelValues(route).Observe(d.Seconds())
}

var classes = [...]string{"1xx", "2xx", "3xx", "4xx", "5xx"}

func statusClass(status int) string {
	if i := status/100 - 1; i >= 0 && i < len(classes) {
		return classes[i]
	}
	return strconv.Itoa(status)
}

// Render counts the render of a page missing from the cache.
func (m *Metrics) Render(d time.Duration) {
	if m != nil {
		m.renders.Observe(d.Seconds())
	}
}

// Write counts a database write (store.ObserveWrites).
func (m *Metrics) Write(d time.Duration, err error) {
	if m == nil {
		return
	}
	outcome := "ok"
	if err != nil {
		outcome = "error"
	}
	m.writes.WithLabelValues(outcome).Observe(d.Seconds())
}

// Throttled counts a sign-in refused by the throttle.
func (m *Metrics) Throttled() {
	if m != nil {
		m.throttled.Inc()
	}
}

// Backup records a backup written (backup.Schedule.Done).
func (m *Metrics) Backup(_ string, size int64, at time.Time) {
	if m != nil {
		m.backupAt.Set(float64(at.UnixNano()) / 1e9)
		m.backupBytes.Set(float64(size))
	}
}

// ScheduleLag records how late a scheduled change was first served.
func (m *Metrics) ScheduleLag(d time.Duration) {
	if m != nil {
		m.lag.Observe(max(d, 0).Seconds())
	}
}

// CacheStats are a page cache's counts since start, and what it holds.
type CacheStats struct {
	Hits, Misses, Evictions uint64
	Pages, Bytes            int
}

// Cache has a page cache's counts, from stats, read at each scrape and
// labelled name.
func (m *Metrics) Cache(name string, stats func() CacheStats) {
	if m == nil {
		return
	}
	labels := prometheus.Labels{"cache": name}
	stat := func(f func(CacheStats) float64) func() float64 { return func() float64 { return f(stats()) } }
	m.reg.MustRegister(
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "orgsite_cache_hits_total", Help: "Requests answered from the page cache.", ConstLabels: labels},
			stat(func(s CacheStats) float64 { return float64(s.Hits) })),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "orgsite_cache_misses_total", Help: "Requests the page cache could not answer.", ConstLabels: labels},
			stat(func(s CacheStats) float64 { return float64(s.Misses) })),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "orgsite_cache_evictions_total", Help: "Pages pushed out of the cache to make room.", ConstLabels: labels},
			stat(func(s CacheStats) float64 { return float64(s.Evictions) })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "orgsite_cache_bytes", Help: "Bytes the page cache counts as held.", ConstLabels: labels},
			stat(func(s CacheStats) float64 { return float64(s.Bytes) })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "orgsite_cache_pages", Help: "Pages in the cache.", ConstLabels: labels},
			stat(func(s CacheStats) float64 { return float64(s.Pages) })),
	)
}
