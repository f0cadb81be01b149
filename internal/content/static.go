package content

import "context"

type staticCopyKey struct{}

// WithStaticCopy marks ctx as rendering the site for a static copy
// (orgsite export), where nothing answers a form: pages leave out what
// only a server can do, such as search.
func WithStaticCopy(ctx context.Context) context.Context {
	return context.WithValue(ctx, staticCopyKey{}, true)
}

// IsStaticCopy reports whether ctx renders for a static copy.
func IsStaticCopy(ctx context.Context) bool {
	v, _ := ctx.Value(staticCopyKey{}).(bool)
	return v
}
