package auth

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"net"
	"time"
)

// Session lifetimes: a session ends after IdleTimeout without a request, and
// after MaxAge in any case. Eight idle hours cover a working day of writing
// with long pauses; a week bounds a stolen cookie.
const (
	IdleTimeout = 8 * time.Hour
	MaxAge      = 7 * 24 * time.Hour
)

// NewSessionToken returns a fresh random token for the cookie and the hash
// under which the server stores it.
func NewSessionToken() (token, hash string) {
	token = RandomToken(32)
	return token, HashToken(token)
}

// HashToken is the stored form of a session token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// EqualTokens compares two secrets in constant time.
func EqualTokens(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// Throttle limits failed logins for one key (an account or a client
// address) to Max within Window.
type Throttle struct {
	Max    int
	Window time.Duration
}

// Login throttles: an account tolerates a few typos; an address, shared by
// an office behind one NAT, more.
var (
	AccountThrottle = Throttle{Max: 5, Window: 15 * time.Minute}
	AddressThrottle = Throttle{Max: 20, Window: 15 * time.Minute}
)

// RetryAfter says how long the key must wait given its recent failures
// (oldest first, all within the window); zero when it may try now.
func (t Throttle) RetryAfter(failures []time.Time, now time.Time) time.Duration {
	if len(failures) < t.Max {
		return 0
	}
	// The key may try again once enough old failures leave the window.
	oldest := failures[len(failures)-t.Max]
	if wait := oldest.Add(t.Window).Sub(now); wait > 0 {
		return wait
	}
	return 0
}

// AddressKey is the part of a client address that counts as one client
// for the login throttle: the address itself for IPv4, its /64 for IPv6,
// since one client holds a whole /64 and could otherwise try from each of
// its addresses in turn.
func AddressKey(ip string) string {
	addr := net.ParseIP(ip)
	if addr == nil || addr.To4() != nil {
		return ip
	}
	return (&net.IPNet{IP: addr.Mask(net.CIDRMask(64, 128)), Mask: net.CIDRMask(64, 128)}).String()
}

// Roles.
const (
	RoleAdmin  = "admin"
	RoleEditor = "editor"
	// RoleContributor writes its own drafts and submits them for review;
	// it never makes anything public, deletes or touches others' items.
	RoleContributor = "contributor"
)

// ValidRole reports whether r is one of the roles.
func ValidRole(r string) bool { return r == RoleAdmin || r == RoleEditor || r == RoleContributor }
