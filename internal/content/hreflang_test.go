package content

import (
	"reflect"
	"testing"
)

func TestHreflangs(t *testing.T) {
	en, az, ru := Hreflang{"en", "/news/a"}, Hreflang{"az", "/az/news/b"}, Hreflang{"ru", "/ru/news/c"}
	for _, tt := range []struct {
		name     string
		versions []Hreflang
		want     []Hreflang
	}{
		{"one language", []Hreflang{az}, nil},
		{"none", nil, nil},
		{"three", []Hreflang{en, az, ru}, []Hreflang{en, az, ru, {XDefault, "/news/a"}}},
		{"without the default language", []Hreflang{az, ru}, []Hreflang{az, ru}},
	} {
		got := Hreflangs(tt.versions, "en")
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
	// The caller's array is never written, even with room to spare.
	versions := append(make([]Hreflang, 0, 3), en, az)
	Hreflangs(versions, "en")
	if spare := versions[:3][2]; spare != (Hreflang{}) {
		t.Errorf("Hreflangs wrote %v into its argument's array", spare)
	}
}
