package htmlcheck

import (
	"slices"
	"testing"
)

func TestStartTags(t *testing.T) {
	var got []string
	for tok := range StartTags(`<p>a <br/><a href="/x">b</a></p><img src=y>`) {
		got = append(got, tok.Data)
		if tok.Data == "a" {
			break
		}
	}
	if want := []string{"p", "br", "a"}; !slices.Equal(got, want) {
		t.Errorf("tags %v, want %v", got, want)
	}
}
