package pdfdoc

import (
	"bytes"
	"os"
	"testing"
)

func TestScratchFile(t *testing.T) {
	d, err := os.ReadFile(os.Getenv("PDF"))
	if err != nil {
		t.Fatal(err)
	}
	info, err := Inspect(bytes.NewReader(d), int64(len(d)))
	t.Logf("%+v %v", info, err)
}
