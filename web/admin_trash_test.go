package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"orgsite/internal/content"
)

func TestTrashRestoreAndPurge(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	ed.mustSee("empty trash", "/admin/trash", "The trash is empty.")
	ts.mustGet("/about", http.StatusOK)
	page, err := trashPageID(ts, "about")
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.st.Trash(ts.ctx(), content.KindPage, page, ts.clock.Now()); err != nil {
		t.Fatal(err)
	}
	ts.mustGet("/about", http.StatusGone)
	base := "/admin/trash/page/" + itoa64(page)
	list := ed.get("/admin/trash")
	if !strings.Contains(list.Body, "About") || !strings.Contains(list.Body, base+"/restore") || !strings.Contains(list.Body, base+"/delete") {
		t.Fatalf("trash list:\n%s", excerpt(list.Body))
	}
	ed.mustPost("restore", base+"/restore", nil)
	ts.mustGet("/about", http.StatusOK)
	if r := ed.post(base+"/restore", nil); r.Code != http.StatusNotFound {
		t.Errorf("restore an item not in the trash: %d", r.Code)
	}
	if r := ed.get(base + "/delete"); r.Code != http.StatusNotFound {
		t.Errorf("confirm deleting an item not in the trash: %d", r.Code)
	}

	if err := ts.st.Trash(ts.ctx(), content.KindPage, page, ts.clock.Now()); err != nil {
		t.Fatal(err)
	}
	confirm := ed.get(base + "/delete")
	if confirm.Code != 200 || !strings.Contains(confirm.Body, "410 Gone") || !strings.Contains(confirm.Body, `name="confirm" value="yes"`) {
		t.Fatalf("confirmation page: %d %s", confirm.Code, excerpt(confirm.Body))
	}
	if r := ed.post(base+"/delete", nil); r.Code != http.StatusUnprocessableEntity {
		t.Errorf("delete without confirm: %d", r.Code)
	}
	if _, err := ts.st.TrashedItem(ts.ctx(), content.KindPage, page); err != nil {
		t.Fatalf("an unconfirmed delete purged the item: %v", err)
	}
	ed.mustPost("purge", base+"/delete", url.Values{"confirm": {"yes"}})
	ts.mustGet("/about", http.StatusGone)
	if list := ed.get("/admin/trash"); strings.Contains(list.Body, base) || !strings.Contains(list.Body, "The trash is empty.") {
		t.Error("the purged item is still in the trash")
	}
	if r := ed.post(base+"/restore", nil); r.Code != http.StatusNotFound {
		t.Errorf("restore a purged item: %d", r.Code)
	}
	if r := ed.get("/admin/redirects"); !strings.Contains(r.Body, "/about") || !strings.Contains(r.Body, "410 Gone") {
		t.Error("the redirects list does not show the gone address")
	}
	ts.clock.Add(365 * 24 * 60 * 60 * 1e9)
	ts.mustGet("/about", http.StatusGone)
}

func TestTrashBadAddresses(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	for _, path := range []string{"/admin/trash/user/1/delete", "/admin/trash/page/abc/delete", "/admin/trash/page/0/delete", "/admin/trash/news/999999/delete"} {
		ed.wantGet(http.StatusNotFound, path)
		if r := ed.post(path, url.Values{"confirm": {"yes"}}); r.Code != http.StatusNotFound {
			t.Errorf("POST %s: %d", path, r.Code)
		}
	}
}

// trashPageID finds a page's id by slug.
func trashPageID(ts *testServer, slug string) (int64, error) {
	rows, _, err := ts.st.AdminList(ts.ctx(), content.KindPage, storeFilterAll(), ts.clock.Now())
	for _, r := range rows {
		if r.Entry.Slug == slug {
			return r.Entry.ID, nil
		}
	}
	if err == nil {
		err = content.ErrNotFound
	}
	return 0, err
}
