package auth

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"fmt"
	"image/png"
	"net/url"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// Two-factor sign-in with TOTP (RFC 6238) through github.com/pquerna/otp:
// 30-second steps, 6 digits, SHA-1, as every authenticator app reads them.

// totpOpts are RFC 6238's defaults, which the apps expect.
var totpOpts = totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// Enrolment is a new TOTP secret to show a user: as text to type, and as a
// QR code (a PNG data URL) for the app's camera.
type Enrolment struct {
	Secret string
	URL    string // otpauth://totp/…
	QR     string // data:image/png;base64,…
}

// NewEnrolment makes a secret for account (an email) on the site issuer.
func NewEnrolment(issuer, account string) (Enrolment, error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: account, Period: 30, Digits: otp.DigitsSix,
		Algorithm: otp.AlgorithmSHA1, SecretSize: 20})
	if err != nil {
		return Enrolment{}, fmt.Errorf("auth: totp secret: %w", err)
	}
	return EnrolmentOf(key.Secret(), issuer, account)
}

// EnrolmentOf shows an existing secret again (a form posted with a wrong
// code keeps the secret the app already scanned).
func EnrolmentOf(secret, issuer, account string) (Enrolment, error) {
	v := url.Values{"secret": {secret}, "issuer": {issuer}, "period": {"30"}, "digits": {"6"}, "algorithm": {"SHA1"}}
	u := url.URL{Scheme: "otpauth", Host: "totp", Path: "/" + issuer + ":" + account, RawQuery: v.Encode()}
	key, err := otp.NewKeyFromURL(u.String())
	if err != nil {
		return Enrolment{}, fmt.Errorf("auth: totp key: %w", err)
	}
	img, err := key.Image(240, 240)
	if err != nil {
		return Enrolment{}, fmt.Errorf("auth: totp qr: %w", err)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return Enrolment{}, err
	}
	return Enrolment{Secret: secret, URL: key.URL(), QR: "data:image/png;base64," + base64.StdEncoding.EncodeToString(b.Bytes())}, nil
}

// CheckTOTP checks a code against secret at now, accepting the step
// before and after (a phone's clock is a little off, a code typed at the
// end of its 30 seconds arrives in the next). It gives the time step the
// code belongs to, so that the caller can refuse it a second time.
func CheckTOTP(secret, code string, now time.Time) (step int64, ok bool) {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(code) != 6 {
		return 0, false
	}
	cur := now.Unix() / 30
	for _, s := range []int64{cur - 1, cur, cur + 1} {
		want, err := totp.GenerateCodeCustom(secret, time.Unix(s*30, 0), totpOpts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return s, true
		}
	}
	return 0, false
}

// RecoveryCodes makes n single-use codes for when the phone is lost, as
// shown to the user ("7K3Q-M2XD-PA"), and their hashes, which the server
// keeps.
func RecoveryCodes(n int) (codes, hashes []string) {
	enc := base32.StdEncoding.WithPadding(base32.NoPadding)
	for range n {
		b := make([]byte, 7) // 56 bits each: ten of them, single use, throttled
		rand.Read(b)
		c := enc.EncodeToString(b)[:10]
		codes = append(codes, c[:4]+"-"+c[4:8]+"-"+c[8:])
		hashes = append(hashes, RecoveryHash(c))
	}
	return codes, hashes
}

// RecoveryHash is the stored form of a recovery code, however it is typed
// (case, dashes, spaces).
func RecoveryHash(code string) string {
	norm := strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' {
			return -1
		}
		return r
	}, strings.ToUpper(strings.TrimSpace(code)))
	return HashToken("recovery\x00" + norm)
}

// LooksLikeRecoveryCode tells a recovery code from a TOTP code in the one
// field the sign-in form has.
func LooksLikeRecoveryCode(code string) bool {
	n := 0
	for _, r := range code {
		if r != '-' && r != ' ' {
			n++
		}
	}
	return n == 10
}
