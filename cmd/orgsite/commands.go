package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"orgsite/internal/auth"
	"orgsite/internal/backup"
	"orgsite/internal/content"
	"orgsite/internal/store"
)

var flagHelp = flag.ErrHelp

// userCmd manages staff accounts in a database that a running server may be
// using at the same time: WAL and the busy timeout make that safe.
func userCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("user "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	email := fs.String("email", "", "the account's email address")
	name := fs.String("name", "", "the person's name")
	role := fs.String("role", "editor", "admin, editor or contributor")
	db := fs.String("db", or(getenv("ORGSITE_DB"), "data/orgsite.db"), "SQLite database file (env ORGSITE_DB)")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	st, err := store.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	switch sub {
	case "add":
		return userAdd(ctx, st, stdin, stdout, *email, *name, *role)
	case "passwd":
		return userPasswd(ctx, st, stdin, stdout, *email)
	case "list":
		return userList(ctx, st, stdout)
	case "2fa-reset":
		return user2FAReset(ctx, st, stdout, *email)
	default:
		fmt.Fprintf(stderr, "orgsite: unknown user command %q\n%s", sub, usage)
		return errUsage
	}
}

// userAdd adds an account, its password read from stdin.
func userAdd(ctx context.Context, st *store.Store, stdin io.Reader, stdout io.Writer, email, name, role string) error {
	password, err := readPassword(stdin)
	if err != nil {
		return err
	}
	if err := addUser(ctx, st, email, name, role, password); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "added %s (%s)\n", email, role)
	return nil
}

// userPasswd sets a new password, read from stdin, on an account.
func userPasswd(ctx context.Context, st *store.Store, stdin io.Reader, stdout io.Writer, email string) error {
	u, err := st.UserByEmail(ctx, email)
	if errors.Is(err, content.ErrNotFound) {
		return fmt.Errorf("no user with email %q", email)
	} else if err != nil {
		return err
	}
	password, err := readPassword(stdin)
	if err != nil {
		return err
	}
	if len([]rune(password)) < auth.MinPasswordLen {
		return fmt.Errorf("the password must have at least %d characters", auth.MinPasswordLen)
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	// Resetting also ends the user's sessions, as a password change must.
	if err := st.ResetPassword(ctx, u.ID, hash, time.Now()); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "changed the password of %s\n", u.Email)
	return nil
}

// user2FAReset turns two-factor sign-in off for an account whose owner
// lost their phone and recovery codes, and ends its sessions.
func user2FAReset(ctx context.Context, st *store.Store, stdout io.Writer, email string) error {
	u, err := st.UserByEmail(ctx, email)
	if errors.Is(err, content.ErrNotFound) {
		return fmt.Errorf("no user with email %q", email)
	} else if err != nil {
		return err
	}
	if err := st.DisableTwoFactor(ctx, u.ID, "", "two-factor sign-in reset from the command line", time.Now()); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "two-factor sign-in is off for %s; they sign in with their password and can set it up again\n", u.Email)
	return nil
}

// userList prints the accounts as a table.
func userList(ctx context.Context, st *store.Store, stdout io.Writer) error {
	users, err := st.Users(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "EMAIL\tNAME\tROLE\tSTATUS")
	for _, u := range users {
		status := "active"
		switch {
		case u.Disabled:
			status = "disabled"
		case u.Invited():
			status = "invited"
		case u.TwoFactor:
			status = "active, 2FA"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", u.Email, u.Name, u.Role, status)
	}
	return tw.Flush()
}

// backupCmd writes a consistent snapshot of a database that a running
// server may be writing to (see backup.WriteFile).
func backupCmd(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", or(getenv("ORGSITE_DB"), "data/orgsite.db"), "SQLite database file (env ORGSITE_DB)")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: orgsite backup [--db FILE] BACKUP-FILE")
		return errUsage
	}
	st, err := store.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	start := time.Now()
	if err := backup.WriteFile(ctx, st, fs.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s in %s\n", fs.Arg(0), time.Since(start).Round(time.Millisecond))
	return nil
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
