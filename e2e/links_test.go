package e2e

import (
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// qMaxCrawl bounds the crawl: the demo site has about a hundred addresses.
const qMaxCrawl = 500

// checkLinks crawls the public site from / as a link checker does: every
// link, image, stylesheet, script and icon on the same host must answer 200
// itself (a redirect is a finding: the link should name the final address),
// and every #fragment must name an element of its page. Links to other
// hosts are listed, not fetched: the tests have no network.
func checkLinks(t *testing.T, base string) {
	root, err := url.Parse(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{
		Timeout:       10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	type ref struct{ from, to string }
	seen := map[string]bool{root.String(): true}
	queue := []ref{{"(start)", root.String()}}
	ids := map[string]map[string]bool{} // page → its ids, for fragments
	var fragments []ref
	external := map[string]bool{}
	for len(queue) > 0 {
		r := queue[0]
		queue = queue[1:]
		res, err := client.Get(r.to)
		if err != nil {
			t.Errorf("links: %s (linked from %s): %v", r.to, r.from, err)
			continue
		}
		if res.StatusCode != http.StatusOK {
			res.Body.Close()
			where := ""
			if loc := res.Header.Get("Location"); loc != "" {
				where = " → " + loc
			}
			t.Errorf("links: %s answered %d%s, linked from %s", r.to, res.StatusCode, where, r.from)
			continue
		}
		if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			res.Body.Close()
			continue
		}
		doc, err := html.Parse(res.Body)
		res.Body.Close()
		if err != nil {
			t.Errorf("links: parse %s: %v", r.to, err)
			continue
		}
		page, _ := url.Parse(r.to)
		ids[r.to] = map[string]bool{}
		for _, l := range qPageLinks(doc, ids[r.to]) {
			u, err := page.Parse(l)
			if err != nil {
				t.Errorf("links: %s has a bad address %q: %v", r.to, l, err)
				continue
			}
			if u.Scheme != "http" && u.Scheme != "https" {
				continue // mailto:, tel:
			}
			if u.Host != root.Host {
				external[u.String()] = true
				continue
			}
			if u.Fragment != "" {
				fragments = append(fragments, ref{r.to, u.String()})
			}
			u.Fragment = ""
			if s := u.String(); !seen[s] {
				if len(seen) >= qMaxCrawl {
					t.Errorf("links: more than %d addresses; raise qMaxCrawl if the site grew", qMaxCrawl)
					return
				}
				seen[s] = true
				queue = append(queue, ref{r.to, s})
			}
		}
	}
	for _, f := range fragments {
		u, _ := url.Parse(f.to)
		frag := u.Fragment
		u.Fragment = ""
		if pageIDs, ok := ids[u.String()]; ok && !pageIDs[frag] {
			t.Errorf("links: %s links to #%s, which %s does not have", f.from, frag, u)
		}
	}
	var ext []string
	for u := range external {
		ext = append(ext, u)
	}
	sort.Strings(ext)
	t.Logf("links: %d addresses on the site answered; %d external links not fetched (no network):\n\t%s",
		len(seen), len(ext), strings.Join(ext, "\n\t"))
}

// qPageLinks lists the addresses a page refers to and records its ids.
func qPageLinks(doc *html.Node, ids map[string]bool) []string {
	var out []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			a := map[string]string{}
			for _, at := range n.Attr {
				a[at.Key] = at.Val
			}
			if id := a["id"]; id != "" {
				ids[id] = true
			}
			switch n.Data {
			case "a", "link", "area":
				if h, ok := a["href"]; ok {
					out = append(out, h)
				}
			case "img", "script", "source", "iframe", "video", "audio":
				if s, ok := a["src"]; ok {
					out = append(out, s)
				}
			case "meta":
				switch a["property"] + a["name"] {
				case "og:image", "og:url", "twitter:image":
					out = append(out, a["content"])
				}
			}
			for _, c := range strings.Split(a["srcset"], ",") {
				if f := strings.Fields(c); len(f) > 0 {
					out = append(out, f[0])
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}
