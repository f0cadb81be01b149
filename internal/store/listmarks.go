package store

import (
	"strconv"
	"sync"
	"time"

	"orgsite/internal/content"
)

// listMarks remembers, for the site as it is at one write generation and
// one moment, how many items each public list has and where each of its
// pages ended. The export reads page after page at one moment: each page
// then starts where the one before ended (keyset) instead of stepping
// over every item before it (OFFSET), which made exporting 100,000 items
// quadratic, and each list is counted once. A visitor's request is at a
// moment of its own, so it only finds its own marks: nothing it is shown
// can be stale.
type listMarks struct {
	mu     sync.Mutex
	gen    uint64
	now    int64
	counts map[string]int
	ends   map[string]mark // by list and the offset of the page that follows
}

// mark is the sort key of the last item of a page: newest first by
// publication, then id.
type mark struct{ published, id int64 }

// maxMarks bounds what is remembered; past it all is forgotten.
const maxMarks = 50_000

// at makes the marks those of generation gen at now, forgetting others.
func (m *listMarks) at(gen uint64, now time.Time) {
	if m.counts == nil || m.gen != gen || m.now != now.Unix() || len(m.ends) > maxMarks {
		m.gen, m.now = gen, now.Unix()
		m.counts, m.ends = map[string]int{}, map[string]mark{}
	}
}

// count is the list's count at gen and now, loaded once.
func (m *listMarks) count(list string, gen uint64, now time.Time, load func() (int, error)) (int, error) {
	m.mu.Lock()
	m.at(gen, now)
	n, ok := m.counts[list]
	m.mu.Unlock()
	if ok {
		return n, nil
	}
	n, err := load()
	if err == nil {
		m.mu.Lock()
		m.at(gen, now)
		m.counts[list] = n
		m.mu.Unlock()
	}
	return n, err
}

// after is where the page at offset starts, when the page before it was read.
func (m *listMarks) after(list string, gen uint64, now time.Time, offset int) (mark, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.at(gen, now)
	k, ok := m.ends[list+"@"+strconv.Itoa(offset)]
	return k, ok
}

// ended records where the page at offset ended, for the page after it.
func (m *listMarks) ended(list string, gen uint64, now time.Time, offset int, page []content.Summary) {
	if len(page) == 0 {
		return
	}
	last := page[len(page)-1]
	m.mu.Lock()
	defer m.mu.Unlock()
	m.at(gen, now)
	m.ends[list+"@"+strconv.Itoa(offset+len(page))] = mark{published: last.PublishedAt.Unix(), id: last.ID}
}
