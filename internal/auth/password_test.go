package auth

import (
	"strings"
	"testing"
)

func TestHashAndCheck(t *testing.T) {
	h, err := HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q has unexpected parameters", h)
	}
	if err := CheckPassword(h, "correct horse battery staple"); err != nil {
		t.Fatalf("right password: %v", err)
	}
	if err := CheckPassword(h, "Correct horse battery staple"); err != ErrMismatch {
		t.Fatalf("wrong password: %v", err)
	}
	h2, _ := HashPassword("correct horse battery staple")
	if h == h2 {
		t.Fatal("two hashes of one password must differ by salt")
	}
}

func TestCheckPasswordBadHashes(t *testing.T) {
	for _, h := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=999999999,t=1,p=1$AA$AA", "$argon2id$v=19$m=16,t=1,p=1$!!$AA"} {
		if err := CheckPassword(h, "x"); err == nil {
			t.Errorf("CheckPassword(%q) accepted", h)
		}
	}
}
