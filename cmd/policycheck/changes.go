package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"policycheck/changelog"
	"policycheck/engine"
)

const changesUsage = `usage:
  policycheck changes add [-w] [-date YYYY-MM-DD] [-rules DIR]
  policycheck changes snapshot [-rules DIR]

changes add prints the entry rules/CHANGES.json needs for the catalogue as it
is now: its version, the date (default today) and one change per kind of
difference from the catalogue of the last entry (rules/CHANGES.snapshot.json):
rules added, removed or changed (with what changed: condition, amount,
certainty, validity, applicant, text), questions and documents. Every title,
reason (why), quote and clause is left as TODO to write from the source text;
lint refuses an entry that still says TODO. -w appends the entry to
DIR/CHANGES.json and writes the new snapshot (DIR is -rules, default rules).
changes snapshot only writes the snapshot, after an entry written by hand.
`

// runChanges is the changes subcommand: add, or snapshot.
func runChanges(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "snapshot" {
		return runSnapshot(args[1:], stdout, stderr)
	}
	if len(args) == 0 || args[0] != "add" {
		fmt.Fprint(stderr, changesUsage)
		return 2
	}
	fs := newFlagSet("changes add", changesUsage, stderr)
	write := fs.Bool("w", false, "append the entry to CHANGES.json and write the new snapshot")
	date := fs.String("date", time.Now().Format("2006-01-02"), "the entry's date, YYYY-MM-DD")
	rulesDir := fs.String("rules", "", "the catalogue folder (default: the built-in copy; with -w, rules)")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if fs.NArg() != 0 {
		fmt.Fprint(stderr, changesUsage)
		return 2
	}
	if _, err := engine.ParseDay(*date); err != nil {
		fmt.Fprintf(stderr, "policycheck changes add: -date must be YYYY-MM-DD, got %q\n", *date)
		return 2
	}
	dir := *rulesDir
	if *write && dir == "" {
		dir = "rules"
	}
	c, err := loadCatalogue(dir)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	fsys := catalogueFS(dir)
	log, err := changelog.Read(fsys)
	if err != nil {
		log = &changelog.Log{Format: changelog.Format}
	}
	if i := log.Find(c.Version); i >= 0 {
		fmt.Fprintf(stderr, "policycheck changes add: %s already has an entry (entries[%d], %s): nothing to add\n", c.Version, i, log.Entries[i].Date)
		return 1
	}
	snap, err := changelog.ReadSnapshot(fsys)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	now := changelog.TakeSnapshot(c)
	var diff *changelog.Diff
	if snap != nil {
		diff = snap.Diff(now)
		fmt.Fprintf(stderr, "compared with the snapshot of %s\n", snap.Version)
	} else {
		fmt.Fprintf(stderr, "no %s: list the changes by hand\n", changelog.SnapshotFile)
	}
	entry := diff.Template(c.Version, *date)
	if !*write {
		out, err := marshal(entry)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		stdout.Write(out)
		return 0
	}
	log.Entries = append(log.Entries, entry)
	out, err := marshal(log)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if err := os.WriteFile(filepath.Join(dir, changelog.File), out, 0o644); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if err := os.WriteFile(filepath.Join(dir, changelog.SnapshotFile), now.JSON(), 0o644); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	fmt.Fprintf(stdout, "appended the entry for %s to %s and wrote %s: now write every TODO (title, why, quote, clause), then run lint\n",
		c.Version, filepath.Join(dir, changelog.File), filepath.Join(dir, changelog.SnapshotFile))
	return 0
}

// marshal writes v as CHANGES.json is written: indented by two spaces,
// characters as they are (no \u escapes for < > &), a newline at the end.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// checkChanges checks the changelog against the catalogue (changelog.Log.Check).
func checkChanges(c *engine.Catalogue, fsys fs.FS) []string {
	log, err := changelog.Read(fsys)
	if err != nil {
		return []string{err.Error()}
	}
	snap, err := changelog.ReadSnapshot(fsys)
	if err != nil {
		return []string{err.Error()}
	}
	return log.Check(c, snap)
}

// runSnapshot writes the snapshot of the catalogue in DIR (default rules).
func runSnapshot(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("changes snapshot", changesUsage, stderr)
	dir := fs.String("rules", "rules", "the catalogue folder")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 0 {
		fmt.Fprint(stderr, changesUsage)
		return 2
	}
	c, err := loadCatalogue(*dir)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	out := filepath.Join(*dir, changelog.SnapshotFile)
	if err := os.WriteFile(out, changelog.TakeSnapshot(c).JSON(), 0o644); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote the snapshot of %s to %s\n", c.Version, out)
	return 0
}
