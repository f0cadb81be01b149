// Package architecture holds no code, only tests that keep the code's
// shape as docs/architecture.md describes it: which package may import
// which, small functions, and every kind of content known in one place.
package architecture
