package e2e

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"orgsite/internal/testkit"

	"github.com/chromedp/chromedp"
)

// TestAccountJourney is a new colleague's first day: an admin invites
// them, they follow the emailed link to choose a password, set up
// two-factor sign-in with their phone, log out, and log in again with a
// code. The mail goes through a real SMTP server; the browser is Chromium.
func TestAccountJourney(t *testing.T) {
	chrome := findChromium(t)
	smtp := testkit.StartSMTP(t, testkit.SMTPOptions{})
	base, _ := startSiteIn(t, buildBinary(t), "--smtp-url", "smtp://"+smtp.Addr, "--mail-from", "website@example.org")
	shots := screenshotDir(t, "orgsite-e2e-accounts-*")
	j := &journey{t: t, ctx: qBrowser(t, chrome, 90*time.Second), base: base, width: 1280, shots: shots}
	j.watchConsole()

	// The admin invites Nino.
	j.do(chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+"/admin/login"),
		chromedp.SendKeys(chromedp.CSS("#email"), "e2e@example.org"), chromedp.SendKeys(chromedp.CSS("#password"), "e2e-password-not-secret"))
	j.follow(`.login-box button[type="submit"]`)
	j.do(chromedp.Navigate(base+"/admin/users/new"),
		chromedp.SendKeys(chromedp.CSS("#f-email"), "nino@example.org"), chromedp.SendKeys(chromedp.CSS("#f-name"), "Nino Beridze"),
		chromedp.Click(chromedp.CSS("#f-invite")))
	j.follow(`form[action="/admin/users/new"] button[type="submit"]`)
	if !strings.Contains(j.text(".flash"), "Invitation sent") {
		t.Fatalf("after inviting: %q", j.text(".flash"))
	}
	j.follow(`.admin-user button[type="submit"]`) // log out
	link := mailedLink(t, smtp)

	// Nino chooses a password and is signed in.
	j.do(chromedp.Navigate(link))
	j.screenshot("invitation")
	j.do(chromedp.SendKeys(chromedp.CSS("#f-password"), "nino's own long password"),
		chromedp.SendKeys(chromedp.CSS("#f-password_confirm"), "nino's own long password"))
	j.follow(`.login-box button[type="submit"]`)
	if h1 := j.text("h1"); h1 != "Dashboard" {
		t.Fatalf("after choosing a password: %q at %s", h1, j.location())
	}

	// Two-factor sign-in: the phone reads the secret, a first code turns it on.
	j.do(chromedp.Navigate(base + "/admin/account/2fa"))
	j.screenshot("enrol")
	secret := j.text("code.secret")
	j.do(chromedp.SendKeys(chromedp.CSS("#f-code"), testkit.TOTPCode(t, secret, time.Now())))
	j.follow(`form[action="/admin/account/2fa"] button[type="submit"]`)
	if n := eval[int](j, `document.querySelectorAll("ul.codes li").length`); n != 10 {
		t.Fatalf("%d recovery codes shown", n)
	}
	j.screenshot("recovery-codes")

	// Log out; the password alone is not enough; a code signs in. The
	// code of the next step: the enrolment's was spent.
	j.do(chromedp.Navigate(base + "/admin"))
	j.follow(`.admin-user button[type="submit"]`)
	j.do(chromedp.SendKeys(chromedp.CSS("#email"), "nino@example.org"), chromedp.SendKeys(chromedp.CSS("#password"), "nino's own long password"))
	j.follow(`.login-box button[type="submit"]`)
	if !strings.HasSuffix(j.location(), "/admin/login/2fa") {
		t.Fatalf("after the password: %s", j.location())
	}
	j.screenshot("second-step")
	j.do(chromedp.SendKeys(chromedp.CSS("#code"), testkit.TOTPCode(t, secret, time.Now().Add(30*time.Second))))
	j.follow(`.login-box button[type="submit"]`)
	if h1 := j.text("h1"); h1 != "Dashboard" {
		t.Fatalf("after the code: %q at %s", h1, j.location())
	}
	j.checkConsole()
}

var mailLink = regexp.MustCompile(`http://127\.0\.0\.1:\d+/admin/invite/[A-Za-z0-9_-]+`)

// mailedLink waits for the invitation and reads its link as a mail
// program would.
func mailedLink(t *testing.T, smtp *testkit.SMTPServer) string {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		mails := smtp.Mails()
		if len(mails) == 0 {
			continue
		}
		_, text, err := mails[0].Body()
		if err != nil {
			t.Fatal(err)
		}
		if m := mailLink.FindString(text); m != "" && mails[0].To[0] == "nino@example.org" {
			return m
		}
		t.Fatalf("no invitation link in:\n%s", text)
	}
	t.Fatal("no invitation mail arrived")
	return ""
}
