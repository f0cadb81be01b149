package content

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSlugify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Şəki və Gəncə", "seki-ve-gence"},
		{"Mobility Partnership in Azerbaijan", "mobility-partnership-in-azerbaijan"},
		{"Ölçü, Ağac, Çay, İnsan, Ümid", "olcu-agac-cay-insan-umid"},
		{"Москва и Баку", "moskva-i-baku"},
		{"Straße über Größe", "strasse-uber-grosse"},
		{"Élève à la fenêtre — ça va ?", "eleve-a-la-fenetre-ca-va"},
		{"  --Hello,   World!--  ", "hello-world"},
		{"2024 Annual Report", "2024-annual-report"},
		{"!!!", ""},
		{"", ""},
		{"日本語", ""},
	}
	for _, tt := range tests {
		if got := Slugify(tt.in); got != tt.want {
			t.Errorf("Slugify(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSlugifyLong(t *testing.T) {
	got := Slugify(strings.Repeat("word ", 100))
	if len(got) > MaxSlugLen || !ValidSlug(got) {
		t.Fatalf("long slug %q (%d) not valid", got, len(got))
	}
}

func TestValidSlug(t *testing.T) {
	for _, s := range []string{"a", "news-1", "seki-ve-gence"} {
		if !ValidSlug(s) {
			t.Errorf("ValidSlug(%q) = false", s)
		}
	}
	for _, s := range []string{"", "-a", "a-", "a--b", "A", "a b", "a/b", "ä", "..", strings.Repeat("a", MaxSlugLen+1)} {
		if ValidSlug(s) {
			t.Errorf("ValidSlug(%q) = true", s)
		}
	}
}

func FuzzSlugify(f *testing.F) {
	for _, s := range []string{"Şəki və Gəncə", "Москва", "Straße", "a--b", "\x00\xff", "ǅ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Slugify(s)
		if got != "" && !ValidSlug(got) {
			t.Fatalf("Slugify(%q) = %q, not a valid slug", s, got)
		}
		if !utf8.ValidString(got) || Slugify(got) != got {
			t.Fatalf("Slugify not idempotent on %q: %q", s, got)
		}
	})
}

// TestSlugifyRussian: Russian titles become the slugs a reader expects,
// with й as y and the soft and hard signs dropped inside words.
func TestSlugifyRussian(t *testing.T) {
	for in, want := range map[string]string{
		"Конференция в Баку":              "konferentsiya-v-baku",
		"Партнёрство в сфере мобильности": "partnerstvo-v-sfere-mobilnosti",
		"с Азербайджаном":                 "s-azerbaydzhanom",
		"Объявление":                      "obyavlenie",
	} {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
}
