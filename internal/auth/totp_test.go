package auth

import (
	"strings"
	"testing"
	"time"

	"orgsite/internal/testkit"
)

// TestCheckTOTPWindow: the step before and after are taken, two away are
// not, and the step given back is the code's own.
func TestCheckTOTPWindow(t *testing.T) {
	e, err := NewEnrolment("IMPC", "leyla@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(e.QR, "data:image/png;base64,") || !strings.Contains(e.URL, "secret="+e.Secret) || len(e.Secret) < 32 {
		t.Fatalf("enrolment %+v", e)
	}
	now := time.Date(2026, 12, 1, 12, 0, 15, 0, time.UTC) // 15 s into a step
	step := now.Unix() / 30
	for _, tt := range []struct {
		name string
		at   time.Time
		ok   bool
		step int64
	}{
		{"this step", now, true, step},
		{"the step before", now.Add(-30 * time.Second), true, step - 1},
		{"the step after", now.Add(30 * time.Second), true, step + 1},
		{"two steps before", now.Add(-60 * time.Second), false, 0},
		{"two steps after", now.Add(60 * time.Second), false, 0},
	} {
		got, ok := CheckTOTP(e.Secret, testkit.TOTPCode(t, e.Secret, tt.at), now)
		if ok != tt.ok || got != tt.step {
			t.Errorf("%s: step %d ok %v, want %d %v", tt.name, got, ok, tt.step, tt.ok)
		}
	}
	for _, bad := range []string{"", "12345", "1234567", "abcdef"} {
		if _, ok := CheckTOTP(e.Secret, bad, now); ok {
			t.Errorf("%q accepted", bad)
		}
	}
	// The same secret shown again gives the same codes.
	again, err := EnrolmentOf(e.Secret, "IMPC", "leyla@example.org")
	if err != nil || again.Secret != e.Secret {
		t.Fatalf("again: %v %+v", err, again)
	}
}

func TestRecoveryCodes(t *testing.T) {
	codes, hashes := RecoveryCodes(10)
	if len(codes) != 10 || len(hashes) != 10 {
		t.Fatalf("%d codes", len(codes))
	}
	seen := map[string]bool{}
	for i, c := range codes {
		if seen[c] || !LooksLikeRecoveryCode(c) || LooksLikeRecoveryCode("123456") {
			t.Errorf("code %q", c)
		}
		seen[c] = true
		typed := strings.ToLower(strings.ReplaceAll(c, "-", " "))
		if RecoveryHash(typed) != hashes[i] {
			t.Errorf("%q typed as %q does not match", c, typed)
		}
	}
}
