package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"orgsite/internal/content"
)

// The settings are rows of key and value; this file is the one place that
// knows the keys.

// settingsRows are the settings as the table keeps them.
func settingsRows(set content.Settings) map[string]string {
	langs := make([]string, len(set.Languages))
	for i, l := range set.Languages {
		langs[i] = string(l)
	}
	kv := map[string]string{
		"site_name": set.Name, "tagline": set.Tagline, "intro": set.Intro, "footer_text": set.FooterText,
		"timezone": set.Timezone, "legal_path": set.LegalPath, "footer_project": set.FooterProject, "share_image": set.ShareImage,
		"brand_color": string(set.BrandColor), "logo": set.Logo,
		"require_2fa": strconv.FormatBool(set.Require2FA), "menu": menuText(set.Menu), "languages": strings.Join(langs, ", "),
	}
	// Every language's keys are written, so that a text cleared in the
	// form is cleared here too.
	for _, info := range content.Langs() {
		l, suffix := info.Code, "_"+string(info.Code)
		t, st := set.Texts[l], set.Statements[l]
		kv["tagline"+suffix], kv["intro"+suffix], kv["footer_text"+suffix] = t.Tagline, t.Intro, t.FooterText
		kv["menu"+suffix] = menuText(t.Menu)
		kv["eu_funded"+suffix], kv["eu_cofunded"+suffix] = st.Funded, st.CoFunded
	}
	return kv
}

// settingsOf reads the settings from the table's rows. A menu line whose
// address is not on this site is left out, whoever wrote it.
func settingsOf(kv map[string]string) content.Settings {
	set := content.Settings{Name: kv["site_name"], Tagline: kv["tagline"], Intro: kv["intro"], FooterText: kv["footer_text"],
		Timezone: kv["timezone"], LegalPath: kv["legal_path"], FooterProject: kv["footer_project"], ShareImage: kv["share_image"],
		BrandColor: content.BrandColor(kv["brand_color"]), Logo: kv["logo"],
		Require2FA: kv["require_2fa"] == "true"}
	set.Languages, _ = content.ParseLangs(kv["languages"])
	for _, l := range content.Langs() {
		st := content.EUStatement{Funded: kv["eu_funded_"+string(l.Code)], CoFunded: kv["eu_cofunded_"+string(l.Code)]}
		if st != (content.EUStatement{}) {
			if set.Statements == nil {
				set.Statements = map[content.Lang]content.EUStatement{}
			}
			set.Statements[l.Code] = st
		}
	}
	set.Menu = menuOf(kv["menu"])
	for _, l := range set.Langs()[1:] {
		suffix := "_" + string(l)
		t := content.SiteTexts{Tagline: kv["tagline"+suffix], Intro: kv["intro"+suffix], FooterText: kv["footer_text"+suffix],
			Menu: menuOf(kv["menu"+suffix])}
		if t.Tagline != "" || t.Intro != "" || t.FooterText != "" || len(t.Menu) > 0 {
			if set.Texts == nil {
				set.Texts = map[content.Lang]content.SiteTexts{}
			}
			set.Texts[l] = t
		}
	}
	return set
}

// menuText keeps a menu as lines of "label|path".
func menuText(menu []content.MenuLink) string {
	lines := make([]string, len(menu))
	for i, l := range menu {
		lines[i] = l.Label + "|" + string(l.Path)
	}
	return strings.Join(lines, "\n")
}

// menuOf reads a menu kept by menuText. A line whose address is not on
// this site is left out, whoever wrote it.
func menuOf(text string) []content.MenuLink {
	var menu []content.MenuLink
	for _, line := range strings.Split(text, "\n") {
		label, path, ok := strings.Cut(line, "|")
		p, err := content.ParseLocalPath(strings.TrimSpace(path))
		if ok && strings.TrimSpace(label) != "" && err == nil {
			menu = append(menu, content.MenuLink{Label: strings.TrimSpace(label), Path: p})
		}
	}
	return menu
}

// Settings returns the site's settings.
func (s *Store) Settings(ctx context.Context) (content.Settings, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT key, value FROM settings")
	if err != nil {
		return content.Settings{}, fmt.Errorf("store: settings: %w", err)
	}
	defer rows.Close()
	kv := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return content.Settings{}, err
		}
		kv[k] = v
	}
	return settingsOf(kv), rows.Err()
}

// SaveSettings stores the settings and records which of them changed, in
// one transaction.
func (s *Store) SaveSettings(ctx context.Context, set content.Settings, now time.Time) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var changed []string
		for k, v := range settingsRows(set) {
			var old string
			err := tx.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", k).Scan(&old)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			if old == v { // a missing key reads as empty
				continue
			}
			changed = append(changed, k)
			if _, err := tx.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", k, v); err != nil {
				return err
			}
		}
		if len(changed) == 0 {
			return nil
		}
		sort.Strings(changed)
		return audit(ctx, tx, now, "settings changed", "settings", strings.Join(changed, ", "))
	})
	if err != nil {
		return fmt.Errorf("store: save settings: %w", err)
	}
	return nil
}
