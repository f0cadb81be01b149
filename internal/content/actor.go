package content

import "context"

type actorKey struct{}

// WithActor returns a context that names the staff member acting, so that
// the store can record who made each change (revisions, audit log) without
// every method growing a parameter. This follows wtf's user-in-context.
func WithActor(ctx context.Context, userID int64) context.Context {
	return context.WithValue(ctx, actorKey{}, userID)
}

// Actor is the acting staff member's id, 0 for the system (demo seeding,
// command line).
func Actor(ctx context.Context) int64 {
	id, _ := ctx.Value(actorKey{}).(int64)
	return id
}
