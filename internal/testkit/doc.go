// Package testkit holds what the tests of several packages share: sample
// files made on demand (images of any size, a PDF), copying and listing a
// data folder, a free local port and a buffer a server's log goroutines
// can write to. HTML checks are in
// its subpackage htmlcheck.
//
// It is for tests only: only _test.go files may import it, so that none of
// it reaches the production binary.
package testkit
