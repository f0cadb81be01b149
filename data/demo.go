// Package data embeds the demo content that a new site is seeded with. It
// lives here because go:embed cannot reach a parent folder; at run time this
// folder also holds the database and uploaded media (git-ignored).
package data

import "embed"

// Demo holds data/demo: site.md, news/, projects/ and pages/ as Markdown
// with a small "key: value" header. A translation sits beside its original
// as name.az.md or name.ru.md, with "lang" and "translation_of" (the
// original's slug) in its header.
//
//go:embed demo
var Demo embed.FS
