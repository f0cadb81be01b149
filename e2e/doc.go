// Package e2e holds orgsite's end-to-end tests: they build the real binary,
// start it on a fresh database and drive a headless Chromium through the
// public site as a visitor would, at phone and desktop widths.
package e2e
