package wordpress

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"strings"
	"time"
)

// Attachments come from the old site's uploads folder when it is given
// (--uploads), else from the old site itself. A download is bounded like
// any upload: http(s) only, at every redirect too, a few redirects, a
// timeout, the upload size limit.

// errMissing says an attachment's file is not to be had.
var errMissing = errors.New("file not found")

// maxRedirects bounds the redirects a download follows.
const maxRedirects = 5

// DownloadClient is the HTTP client for attachments without --uploads.
func DownloadClient(timeout time.Duration) *http.Client {
	return &http.Client{
		Timeout: timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= maxRedirects {
				return fmt.Errorf("more than %d redirects", maxRedirects)
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("a redirect to %s: only http and https", req.URL.Scheme)
			}
			return nil
		},
	}
}

// uploadPath is where an attachment's file lies in the uploads folder: its
// address after /wp-content/uploads/, or the path WordPress recorded.
func uploadPath(a *attachment) string {
	if u, err := url.Parse(a.url); err == nil {
		if _, rest, ok := strings.Cut(u.Path, "/wp-content/uploads/"); ok {
			if p, err := url.PathUnescape(rest); err == nil {
				return p
			}
		}
	}
	return a.file
}

// open returns an attachment's file for reading.
func (imp *importer) open(ctx context.Context, a *attachment) (io.ReadCloser, error) {
	if imp.opt.Uploads != "" {
		rel := path.Clean(uploadPath(a))
		if rel == "." || rel == "" {
			return nil, errMissing
		}
		// os.Root keeps the path inside the folder, whatever it holds.
		f, err := imp.uploads.Open(rel)
		if errors.Is(err, os.ErrNotExist) {
			return nil, errMissing
		}
		return f, err
	}
	u, err := url.Parse(a.url)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("%q is not an http(s) address", a.url)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	resp, err := imp.opt.Client.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		if resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone {
			return nil, errMissing
		}
		return nil, fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	return resp.Body, nil
}
