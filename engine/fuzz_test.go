package engine_test

import (
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"policycheck/engine"
	"policycheck/jsoncodec"
)

// FuzzParseAnswers feeds arbitrary bytes as answers: they must give answers
// or an *AnswersError, never a panic; valid answers must then estimate.
func FuzzParseAnswers(f *testing.F) {
	c := loadReal(f)
	for _, cs := range c.Cases {
		b, err := jsoncodec.Marshal(cs.Answers)
		if err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"invention_patents": -1}`))
	f.Add([]byte(`{"registered_date": "2019-02-30"}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := c.ParseAnswers(data)
		if err != nil {
			if _, ok := err.(*engine.AnswersError); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		rep, err := c.Estimate(a, engine.Options{Date: time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC), Compare: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Results) != len(c.Rules) {
			t.Fatalf("%d results for %d rules", len(rep.Results), len(c.Rules))
		}
	})
}

// FuzzEstimate varies typed answers and the assessment date. A condition
// with every question answered is never unknown, and expression errors must
// not occur for any valid answers.
func FuzzEstimate(f *testing.F) {
	c := loadReal(f)
	f.Add("nanming", true, 2013, 3, 150000000.0, int64(17000))
	f.Add("jingan", false, 2012, 0, 0.0, int64(15000))
	f.Add("jiading", true, 1990, 10000, 1e12, int64(-20000))
	f.Fuzz(func(t *testing.T, district string, flag bool, year, count int, money float64, day int64) {
		raw := map[string]any{}
		for _, q := range c.Questions {
			switch q.Type {
			case engine.TypeBool:
				raw[q.ID] = flag
			case engine.TypeChoice:
				raw[q.ID] = q.Options[pick(count, len(q.Options))].Value
				if q.ID == "registered_district" || q.ID == "tax_district" {
					raw[q.ID] = district
				}
			case engine.TypeMulti:
				raw[q.ID] = []any{q.Options[pick(year, len(q.Options))].Value}
			case engine.TypeCount:
				raw[q.ID] = float64(count)
			case engine.TypeYear:
				raw[q.ID] = float64(year)
			case engine.TypeMoney:
				raw[q.ID] = money
			case engine.TypeDate:
				raw[q.ID] = time.Unix(day*86400, 0).UTC().Format(time.DateOnly)
			}
		}
		a, err := c.ValidateAnswers(raw)
		if err != nil {
			return // out of range or not an option: validation said so
		}
		d := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, pick(int(day), 20000))
		rep, err := c.Estimate(a, engine.Options{Date: d, Compare: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rep.Results {
			if len(r.Errors) > 0 {
				t.Errorf("%s: %v", r.Rule, r.Errors)
			}
			if r.Status == engine.StatusPossible {
				t.Errorf("%s is possible with every question answered: %+v", r.Rule, r.Conditions)
			}
		}
	})
}

// FuzzLoad mutates one catalogue file at a time: loading must succeed or
// return a *CatalogueError, never panic.
func FuzzLoad(f *testing.F) {
	base := fstest.MapFS{}
	dir := "testdata/mini"
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		base[filepath.ToSlash(rel)] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	names := []string{"documents.json", "questions.json", "town.json", "cases/town.json"}
	for i, n := range names {
		f.Add(uint8(i), base[n].Data)
	}
	f.Add(uint8(2), []byte(`{"document":"town","rules":[{"id":"town.x","conditions":[{"when":"1 +"}]}]}`))
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		m := fstest.MapFS{}
		for k, v := range base {
			m[k] = v
		}
		m[names[int(which)%len(names)]] = &fstest.MapFile{Data: data}
		c, err := engine.Load(m)
		if err != nil {
			if _, ok := err.(*engine.CatalogueError); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		if _, err := c.Estimate(engine.Answers{}, engine.Options{Compare: true}); err != nil {
			t.Fatal(err)
		}
	})
}

// pick maps any int onto 0..n-1.
func pick(v, n int) int { return int(uint(v) % uint(n)) }
