package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"orgsite/internal/content"
)

const eventCols = entryCols + `, t.starts_at, t.ends_at, t.over_at, t.all_day, t.venue, t.city, t.country, t.online_url,
	t.registration_url, t.registration_deadline, coalesce(t.project_id, 0), t.sequence`

const eventFrom = ` FROM events t`

func scanEvent(r row) (content.Event, bool, error) {
	var e content.Event
	es := entryScan{e: &e.Entry}
	var start, end, over int64
	var deadline sql.NullInt64
	dest := append(es.dest(), &start, &end, &over, &e.AllDay, &e.Venue, &e.City, &e.Country, &e.OnlineURL,
		&e.RegistrationURL, &deadline, &e.ProjectID, &e.Sequence)
	if err := r.Scan(dest...); err != nil {
		return e, false, err
	}
	deleted := es.finish()
	e.StartsAt, e.EndsAt, e.OverAt = time.Unix(start, 0).UTC(), time.Unix(end, 0).UTC(), time.Unix(over, 0).UTC()
	e.RegistrationDeadline = fromUnix(deadline)
	return e, deleted, nil
}

// PublicEvent returns the event the public sees at slug, with its project
// and tags.
func (s *Store) PublicEvent(ctx context.Context, lang content.Lang, slug string, now time.Time) (content.Event, error) {
	e, err := itemBy(ctx, s, content.KindEvent, scanEvent, eventCols, eventFrom, true, lang, slug, now)
	if err != nil {
		return e, err
	}
	e.Project = s.publicProjectRef(ctx, e.ProjectID, e.Lang, now)
	e.Tags, err = s.itemTags(ctx, "event_tags", "event_id", e.ID)
	return e, err
}

// EventByID returns any event, for staff.
func (s *Store) EventByID(ctx context.Context, id int64) (content.Event, error) {
	e, err := itemBy(ctx, s, content.KindEvent, scanEvent, eventCols, eventFrom, false, id)
	if err != nil {
		return e, err
	}
	e.Tags, err = s.itemTags(ctx, "event_tags", "event_id", e.ID)
	return e, err
}

// SaveEvent creates (ID 0) or updates an event with its tags; see
// SaveNews. Every save of a saved event raises its sequence, so that
// calendars which imported it take the new copy. OverAt must be set (see
// content.OverAt).
func (s *Store) SaveEvent(ctx context.Context, e *content.Event, tags []string, now time.Time) error {
	if e.EndsAt.Before(e.StartsAt) {
		e.EndsAt = e.StartsAt
	}
	if e.OverAt.Before(e.StartsAt) {
		e.OverAt = e.EndsAt
	}
	w := entryWrite{kind: content.KindEvent, e: &e.Entry,
		cols: []string{"starts_at", "ends_at", "over_at", "all_day", "venue", "city", "country", "online_url",
			"registration_url", "registration_deadline", "project_id"},
		vals: []any{e.StartsAt.Unix(), e.EndsAt.Unix(), e.OverAt.Unix(), e.AllDay, e.Venue, e.City, e.Country, e.OnlineURL,
			e.RegistrationURL, unix(e.RegistrationDeadline), nullID(e.ProjectID)}}
	update := e.ID != 0
	more := func(tx *sql.Tx) error {
		if update {
			if err := tx.QueryRowContext(ctx, "UPDATE events SET sequence = sequence + 1 WHERE id = ? RETURNING sequence", e.ID).Scan(&e.Sequence); err != nil {
				return err
			}
		}
		e.Tags = tagList(tags)
		return setTags(ctx, tx, "event_tags", "event_id", e.ID, tags)
	}
	return s.saveEntry(ctx, w, now, more, func() any { return e }, "")
}

// UpcomingEvents lists the published events of a language not yet over
// at now, soonest first.
func (s *Store) UpcomingEvents(ctx context.Context, lang content.Lang, now time.Time, limit int) ([]content.Event, error) {
	out, err := queryAll(ctx, s.read, listed(scanEvent), "SELECT "+eventCols+eventFrom+` WHERE t.lang = :lang AND `+visible+`
		AND t.over_at > :now ORDER BY t.starts_at, t.id LIMIT :limit`, sql.Named("lang", lang), sql.Named("now", now.Unix()), sql.Named("limit", limit))
	if err != nil {
		return nil, fmt.Errorf("store: upcoming events: %w", err)
	}
	return out, nil
}

// PastEvents lists the published events of a language over at now, the
// latest first, one page at a time, with their total.
func (s *Store) PastEvents(ctx context.Context, lang content.Lang, now time.Time, limit, offset int) ([]content.Event, int, error) {
	where := " WHERE t.lang = :lang AND " + visible + " AND t.over_at <= :now"
	args := []any{sql.Named("lang", lang), sql.Named("now", now.Unix())}
	var total int
	if err := s.read.QueryRowContext(ctx, "SELECT count(*) FROM events t"+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count past events: %w", err)
	}
	out, err := queryAll(ctx, s.read, listed(scanEvent), "SELECT "+eventCols+eventFrom+where+" ORDER BY t.starts_at DESC, t.id DESC LIMIT :limit OFFSET :offset",
		append(args, sql.Named("limit", limit), sql.Named("offset", offset))...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: past events: %w", err)
	}
	return out, total, nil
}

// EventsOfProject lists a project's published events in a language:
// those to come soonest first, then those past, latest first.
func (s *Store) EventsOfProject(ctx context.Context, lang content.Lang, projectGroup int64, now time.Time, limit int) ([]content.Event, error) {
	out, err := queryAll(ctx, s.read, listed(scanEvent), "SELECT "+eventCols+eventFrom+` WHERE t.lang = :lang AND `+visible+`
		AND t.project_id IN (SELECT id FROM projects WHERE group_id = :project)
		ORDER BY t.over_at <= :now, CASE WHEN t.over_at > :now THEN t.starts_at ELSE -t.starts_at END LIMIT :limit`,
		sql.Named("lang", lang), sql.Named("now", now.Unix()), sql.Named("project", projectGroup), sql.Named("limit", limit))
	if err != nil {
		return nil, fmt.Errorf("store: events of project %d: %w", projectGroup, err)
	}
	return out, nil
}
