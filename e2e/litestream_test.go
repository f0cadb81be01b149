package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"orgsite/internal/testkit"
)

// TestLitestream runs orgsite under the real Litestream with
// docs/litestream.yml and a file replica: 200 news items are saved, the
// server and Litestream stop, the replica is restored into a new file, and
// orgsite started on it has every item that was answered 303.
func TestLitestream(t *testing.T) {
	skipShort(t, "builds the binary and runs Litestream")
	ls, err := exec.LookPath("litestream")
	if err != nil {
		const how = "go install github.com/benbjohnson/litestream/cmd/litestream@v0.5.18"
		if os.Getenv("CI") != "" {
			t.Fatal("litestream is missing: " + how)
		}
		t.Skip("SKIP: litestream is missing; " + how + " to run this test")
	}
	bin := buildBinary(t)
	dir, replica := t.TempDir(), t.TempDir()
	db := filepath.Join(dir, "orgsite.db")
	site := reliabStart(t, bin, dir)
	env := append(os.Environ(), "ORGSITE_DB="+db, "LITESTREAM_REPLICA_URL=file://"+replica)
	rep := exec.Command(ls, "replicate", "-config", "../docs/litestream.yml")
	rep.Env = env
	var repLog testkit.SyncBuffer
	rep.Stdout, rep.Stderr = &repLog, &repLog
	if err := rep.Start(); err != nil {
		t.Fatal(err)
	}
	defer rep.Process.Kill()

	ed := reliabLogin(t, site.base)
	var saved []string
	for i := range 200 {
		title := "Replicated item " + strconv.Itoa(i)
		if code, _, _, err := ed.saveNews(title, "Saved while Litestream replicates."); err == nil && code == 303 {
			saved = append(saved, title)
		}
	}
	if len(saved) != 200 {
		t.Fatalf("%d of 200 saves answered 303", len(saved))
	}
	site.signal(os.Interrupt)
	if !site.wait(15*time.Second) || site.waitErr != nil {
		t.Fatalf("the server did not stop cleanly: %v", site.waitErr)
	}
	time.Sleep(2 * time.Second) // Litestream looks at the WAL every second
	rep.Process.Signal(os.Interrupt)
	rep.Wait()

	restored := t.TempDir()
	restore := exec.Command(ls, "restore", "-config", "../docs/litestream.yml", "-o", filepath.Join(restored, "orgsite.db"), db)
	restore.Env = env
	out, err := restore.CombinedOutput()
	if err != nil {
		t.Fatalf("litestream restore: %v\n%s\nreplicate log:\n%s", err, out, repLog.String())
	}
	t.Logf("litestream restore:\n%s", strings.TrimSpace(string(out)))
	if err := testkit.CopyTree(filepath.Join(restored, "media"), filepath.Join(dir, "media")); err != nil {
		t.Fatal(err) // the media folder is synced apart (docs/operations.md)
	}
	again := reliabStart(t, bin, restored)
	rdb := reliabOpenDB(t, filepath.Join(restored, "orgsite.db"))
	reliabIntegrity(t, rdb)
	if missing := reliabMissing(t, rdb, saved); len(missing) > 0 {
		t.Fatalf("%d acknowledged items are not in the restored database: %v", len(missing), missing)
	}
	c, body, err := reliabLogin(t, again.base).get("/admin/news?q=Replicated+item+199")
	if err != nil || c != 200 || !strings.Contains(body, "Replicated item 199") {
		t.Errorf("the restored site does not list the last item: %d %v", c, err)
	}
	t.Logf("restored %d of %d acknowledged items", len(saved), len(saved))
}
