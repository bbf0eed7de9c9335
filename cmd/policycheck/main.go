// Command policycheck is the analysts' and integrators' tool for the policy
// catalogue: it estimates benefits from answers, validates the catalogue,
// runs its test cases and lists its rules.
//
// Usage:
//
//	policycheck estimate [-date YYYY-MM-DD] [-format json|table] [-lang zh|en] [-compare] [-rules DIR] [FILE|-]
//	policycheck lint     [-rules DIR]
//	policycheck test     [-rules DIR] [-v]
//	policycheck catalogue [-format table|json] [-lang zh|en] [-rules DIR]
//	policycheck batch [-date YYYY-MM-DD] [-format csv|jsonl] [-lang zh|en] [-rules DIR] [-o OUT] FILE|-
//	policycheck ledger init -document ID [-o FILE] SOURCE.txt
//	policycheck changes add [-w] [-date YYYY-MM-DD] [-rules DIR]
//
// estimate reads a JSON object of answers (question id → value) from FILE or
// standard input and prints the report; the JSON report format is the one
// documented in engine.Report. ledger init writes the skeleton of a new
// document's coverage ledger from its source text. changes add prints (or with
// -w appends) the changelog entry the catalogue's version needs. Exit status: 0 on
// success, 1 when the input or the catalogue is invalid, 2 on a usage error.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"sort"
	"strings"
	"text/tabwriter"

	"policycheck/api"
	"policycheck/changelog"
	"policycheck/engine"
	"policycheck/jsoncodec"
	"policycheck/ledger"
	"policycheck/rules"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

const usage = `usage:
  policycheck estimate [-date YYYY-MM-DD] [-format json|table] [-lang zh|en] [-compare] [-rules DIR] [FILE|-]
  policycheck lint [-rules DIR]
  policycheck test [-rules DIR] [-v]
  policycheck catalogue [-format table|json] [-lang zh|en] [-rules DIR]
  policycheck batch [-date YYYY-MM-DD] [-format csv|jsonl] [-lang zh|en] [-rules DIR] [-o OUT] FILE|-
  policycheck batch -template [-lang zh|en] [-rules DIR] [-o OUT]
  policycheck ledger init -document ID [-o FILE] SOURCE.txt   (a new document's ledger skeleton; -document required)
  policycheck changes add [-w] [-date YYYY-MM-DD] [-rules DIR]  (the changelog entry for this catalogue version)
`

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, args := args[0], args[1:]
	switch cmd {
	case "batch":
		return runBatch(args, stdin, stdout, stderr)
	case "ledger":
		return runLedger(args, stdout, stderr)
	case "changes":
		return runChanges(args, stdout, stderr)
	}
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	rulesDir := fs.String("rules", "", "read the catalogue from this folder instead of the built-in one")
	var date, format, lang *string
	var compare, verbose *bool
	switch cmd {
	case "estimate":
		date = fs.String("date", "", "assessment date YYYY-MM-DD (default today)")
		format = fs.String("format", "json", "output format: json or table")
		lang = fs.String("lang", "zh", "language of the table: zh or en")
		compare = fs.Bool("compare", false, "add the district comparison")
	case "catalogue":
		format = fs.String("format", "table", "output format: table or json")
		lang = fs.String("lang", "zh", "language: zh or en")
	case "test":
		verbose = fs.Bool("v", false, "print every case, not only failures")
	case "lint":
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "policycheck: unknown command %q\n%s", cmd, usage)
		return 2
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if lang != nil && *lang != "zh" && *lang != "en" {
		fmt.Fprintf(stderr, "policycheck: -lang must be zh or en, got %q\n", *lang)
		return 2
	}
	c, err := loadCatalogue(*rulesDir)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	switch cmd {
	case "lint":
		cov, probs := checkLedger(c, *rulesDir)
		changeProbs := checkChanges(c, catalogueFS(*rulesDir))
		if len(probs) > 0 || len(changeProbs) > 0 {
			for _, p := range probs {
				fmt.Fprintln(stderr, p)
			}
			if len(probs) > 0 {
				fmt.Fprintf(stderr, "ledger: %d problems\n", len(probs))
			}
			for _, p := range changeProbs {
				fmt.Fprintln(stderr, p)
			}
			if len(changeProbs) > 0 {
				fmt.Fprintf(stderr, "changelog: %d problems\n", len(changeProbs))
			}
			return 1
		}
		clauses := 0
		for _, d := range cov {
			clauses += d.Clauses
		}
		fmt.Fprintf(stdout, "catalogue %s: %d documents, %d questions, %d rules, %d test cases, %d clauses in the ledger: ok\n",
			c.Version, len(c.Documents), len(c.Questions), len(c.Rules), len(c.Cases), clauses)
		return 0
	case "test":
		return runTests(c, *verbose, stdout)
	case "catalogue":
		return listCatalogue(c, *format, *lang, *rulesDir, stdout, stderr)
	}
	return estimate(c, fs.Args(), *date, *format, *lang, *compare, stdin, stdout, stderr)
}

// catalogueFS is the folder the catalogue is read from.
func catalogueFS(dir string) iofs.FS {
	if dir == "" {
		return rules.FS
	}
	return os.DirFS(dir)
}

// checkLedger checks the coverage ledger of every document against its
// source text and its rules.
func checkLedger(c *engine.Catalogue, dir string) ([]ledger.Coverage, []ledger.Problem) {
	docs := make([]ledger.Document, 0, len(c.Documents))
	for _, d := range c.Documents {
		ld := ledger.Document{ID: d.ID, Source: d.Source, Rules: map[string]string{}}
		for _, r := range c.Rules {
			if r.Document == d.ID {
				ld.Rules[r.ID] = r.Clause
			}
		}
		docs = append(docs, ld)
	}
	return ledger.Check(catalogueFS(dir), docs)
}

func loadCatalogue(dir string) (*engine.Catalogue, error) {
	if dir == "" {
		return engine.Load(rules.FS)
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("policycheck: -rules %q is not a folder", dir)
	}
	return engine.Load(os.DirFS(dir))
}

func estimate(c *engine.Catalogue, files []string, date, format, lang string, compare bool, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(files) > 1 {
		fmt.Fprintf(stderr, "policycheck estimate: one answers file at most, got %d\n", len(files))
		return 2
	}
	if format != "json" && format != "table" {
		fmt.Fprintf(stderr, "policycheck estimate: -format must be json or table, got %q\n", format)
		return 2
	}
	opt := engine.Options{Compare: compare}
	if date != "" {
		t, err := engine.ParseDay(date)
		if err != nil {
			fmt.Fprintf(stderr, "policycheck estimate: -date must be YYYY-MM-DD, got %q\n", date)
			return 2
		}
		opt.Date = t
	}
	var data []byte
	var err error
	if len(files) == 0 || files[0] == "-" {
		data, err = io.ReadAll(io.LimitReader(stdin, 1<<20))
	} else {
		data, err = os.ReadFile(files[0])
	}
	if err != nil {
		fmt.Fprintf(stderr, "policycheck estimate: %v\n", err)
		return 1
	}
	answers, err := c.ParseAnswers(data)
	if err != nil {
		var ae *engine.AnswersError
		if errors.As(err, &ae) {
			for _, fe := range ae.Errors {
				if fe.Field != "" {
					fmt.Fprintf(stderr, "answers.%s: %s\n", fe.Field, fe.Message.In(lang))
				} else {
					fmt.Fprintf(stderr, "answers: %s\n", fe.Message.In(lang))
				}
			}
		} else {
			fmt.Fprintln(stderr, err)
		}
		return 1
	}
	rep, err := c.Estimate(answers, opt)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if format == "json" {
		b, err := jsoncodec.MarshalIndent(rep)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		stdout.Write(append(b, '\n'))
		return 0
	}
	printTable(c, rep, lang, stdout)
	return 0
}

var statusWords = map[string]engine.Text{
	engine.StatusEligible:    {Zh: "符合", En: "eligible"},
	engine.StatusPossible:    {Zh: "可能", En: "possible"},
	engine.StatusNotEligible: {Zh: "不符合", En: "not eligible"},
	engine.StatusLapsed:      {Zh: "期限已过", En: "period ended"},
}

var certaintyWords = map[string]engine.Text{
	engine.CertaintyEntitlement:   {Zh: "文件确定", En: "fixed by the text"},
	engine.CertaintyDiscretionary: {Zh: "由主管部门决定", En: "at an official's discretion"},
	engine.CertaintyService:       {Zh: "服务", En: "service"},
	engine.CertaintyNational:      {Zh: "国家或市级政策", En: "national or city measure"},
}

// printTable writes the report for a person: the headline, then the results
// in sections (eligible, worth checking, period ended), each with its
// source and the obligations that come with it, then each document's
// currency.
func printTable(c *engine.Catalogue, rep *engine.Report, lang string, w io.Writer) {
	t := func(zh, en string) string { return engine.Text{Zh: zh, En: en}.In(lang) }
	fmt.Fprintf(w, "%s %s · %s %s\n\n", t("评估日期", "Assessment date"), rep.AssessmentDate, t("规则版本", "Catalogue"), rep.CatalogueVersion)
	fmt.Fprintf(w, "%s\n", rep.Headline.In(lang))
	tot := rep.Totals
	colon := t("：", ": ")
	fmt.Fprintf(w, "%s%s%s · %s%s%s\n", t("文件确定可得", "Secured"), colon, moneyText(tot.Secured, lang),
		t("另可能最高", "Possibly up to"), colon, moneyText(tot.PossiblyMore, lang))
	// The counts and the sections are the parts of the one story the page tells (engine.PartOf).
	var counts []string
	for _, p := range tot.Parts() {
		counts = append(counts, fmt.Sprintf("%s %d", engine.PartWords[p.Part].In(lang), p.N))
	}
	fmt.Fprintf(w, "%s · %s %d\n", strings.Join(counts, " · "), engine.PartWords[engine.PartNotEligible].In(lang), tot.NotEligible)
	type section struct {
		title engine.Text
		keep  func(r *engine.RuleResult) bool
	}
	var sections []section
	for _, p := range tot.Parts() {
		part := p.Part
		sections = append(sections, section{engine.PartWords[part], func(r *engine.RuleResult) bool {
			return engine.PartOf(r.Status, r.Certainty, r.Amount.Kind) == part
		}})
	}
	for _, sec := range sections {
		var rs []*engine.RuleResult
		for i := range rep.Results {
			if sec.keep(&rep.Results[i]) {
				rs = append(rs, &rep.Results[i])
			}
		}
		if len(rs) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s (%d)\n", sec.title.In(lang), len(rs))
		tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", t("状态", "Status"), t("措施", "Benefit"), t("金额", "Amount"), t("性质", "Certainty"), t("依据", "Source"))
		for _, r := range rs {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s %s\n", statusWords[r.Status].In(lang), r.Title.In(lang),
				engine.FormatAmount(r.Amount, r.Period, lang), certaintyWords[r.Certainty].In(lang),
				c.Document(r.Document).Region.In(lang), r.Citation.Clause)
		}
		tw.Flush()
		for _, r := range rs {
			var notes []string
			if r.Lapse != nil {
				notes = append(notes, r.Lapse.Message.In(lang))
			}
			for _, p := range r.Obligations {
				notes = append(notes, t("义务:", "Obligation: ")+engine.Text{Zh: p.Zh, En: p.En}.In(lang)+quoteText(p.Quote, lang))
			}
			for _, p := range r.Stacking {
				notes = append(notes, t("叠加限制:", "Stacking: ")+engine.Text{Zh: p.Zh, En: p.En}.In(lang)+quoteText(p.Quote, lang))
			}
			if len(notes) == 0 {
				continue
			}
			fmt.Fprintf(w, "  · %s\n", r.Title.In(lang))
			for _, n := range notes {
				fmt.Fprintf(w, "      %s\n", n)
			}
		}
	}
	if len(rep.NearMisses) > 0 {
		fmt.Fprintf(w, "\n%s\n", t("差一个条件:", "Near misses:"))
		for _, nm := range rep.NearMisses {
			fmt.Fprintf(w, "  - %s\n", nm.Message.In(lang))
		}
	}
	if len(rep.OpenQuestions) > 0 {
		fmt.Fprintf(w, "\n%s\n", t("尚待回答、会影响结果的问题:", "Unanswered questions that would decide a result:"))
		for _, id := range rep.OpenQuestions {
			fmt.Fprintf(w, "  - %s (%s)\n", c.Question(id).Label.In(lang), id)
		}
	}
	if len(rep.Comparison) > 0 {
		fmt.Fprintf(w, "\n%s\n", t("按区比较:", "By district:"))
		for _, l := range rep.Comparison {
			mark := ""
			if l.Current {
				mark = " *"
			}
			fmt.Fprintf(w, "  %s%s: %s %s, %s %s, %s %d, %s %d\n", l.Label.In(lang), mark,
				t("确定", "secured"), moneyText(l.Totals.Secured, lang), t("另可能最高", "possibly up to"), moneyText(l.Totals.PossiblyMore, lang),
				t("未定金额", "amount not set"), l.Totals.Unset, t("服务", "services"), l.Totals.Services)
		}
	}
	fmt.Fprintf(w, "\n%s\n", t("文件时效:", "Documents in time:"))
	for _, d := range rep.Documents {
		fmt.Fprintf(w, "  - %s: %s\n", c.Document(d.Document).Title.In(lang), d.Message.In(lang))
	}
	fmt.Fprintf(w, "\n%s\n", t("本结果是依据上述文件作出的估算,不是任何主管部门的决定。", "This is an estimate under these documents, not a decision of any authority."))
}

func quoteText(q, lang string) string {
	if q == "" {
		return ""
	}
	if lang == "en" {
		return " (text: “" + q + "”)"
	}
	return "(原文:“" + q + "”)"
}

// moneyText writes secured or possible money: "一次性7.25万元" / "72,500 yuan once";
// nothing at all is "—", never "0元".
func moneyText(m engine.Money, lang string) string {
	parts := m.Parts(lang)
	if len(parts) == 0 {
		return "—"
	}
	return strings.Join(parts, ", ")
}

func runTests(c *engine.Catalogue, verbose bool, w io.Writer) int {
	passed, failed := 0, 0
	for _, r := range c.RunCases() {
		if r.Passed() {
			passed++
			if verbose {
				fmt.Fprintf(w, "ok   %s\n", r.Case.Name)
			}
			continue
		}
		failed++
		fmt.Fprintf(w, "FAIL %s (%s)\n", r.Case.Name, r.Case.File)
		for _, f := range r.Failures {
			fmt.Fprintf(w, "     %s\n", f)
		}
	}
	fmt.Fprintf(w, "rule cases: %d passed, %d failed\n", passed, failed)
	if failed > 0 {
		return 1
	}
	return 0
}

func listCatalogue(c *engine.Catalogue, format, lang, dir string, w, stderr io.Writer) int {
	switch format {
	case "json":
		b, err := jsoncodec.MarshalIndent(c)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		// The changelog goes with it, as /api/catalogue carries it.
		var entries []byte
		if log, err := changelog.Read(catalogueFS(dir)); err == nil {
			entries = log.EntriesJSON()
		}
		w.Write(append(api.WithChanges(b, entries), '\n'))
		return 0
	case "table":
	default:
		fmt.Fprintf(stderr, "policycheck catalogue: -format must be table or json, got %q\n", format)
		return 2
	}
	count := map[string]int{}
	kinds := map[string]map[string]int{}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	for _, r := range c.Rules {
		count[r.Document]++
		if kinds[r.Document] == nil {
			kinds[r.Document] = map[string]int{}
		}
		kinds[r.Document][r.Amount.Kind]++
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Clause, r.Amount.Kind, r.Title.In(lang))
	}
	tw.Flush()
	fmt.Fprintln(w)
	for _, d := range c.Documents {
		var parts []string
		for k, n := range kinds[d.ID] {
			parts = append(parts, fmt.Sprintf("%s %d", k, n))
		}
		sort.Strings(parts)
		fmt.Fprintf(w, "%-11s %3d rules  (%s)  %s\n", d.ID, count[d.ID], strings.Join(parts, ", "), d.Title.In(lang))
	}
	fmt.Fprintf(w, "%-11s %3d rules\n", "total", len(c.Rules))
	cov, probs := checkLedger(c, dir)
	fmt.Fprintln(w)
	if lang == "en" {
		fmt.Fprintln(w, "clause coverage (rules/ledger):")
	} else {
		fmt.Fprintln(w, "条款覆盖(rules/ledger):")
	}
	total := ledger.Coverage{Document: "total", LeftOut: map[string]int{}}
	for _, d := range cov {
		total.Clauses += d.Clauses
		total.Encoded += d.Encoded
		for k, n := range d.LeftOut {
			total.LeftOut[k] += n
		}
	}
	for _, d := range append(cov, total) {
		var parts []string
		for k, n := range d.LeftOut {
			parts = append(parts, fmt.Sprintf("%s %d", k, n))
		}
		sort.Strings(parts)
		fmt.Fprintf(w, "%-11s %3d clauses: %3d encoded, %3d left out (%s)\n", d.Document, d.Clauses, d.Encoded, d.LeftOutTotal(), strings.Join(parts, ", "))
	}
	if len(probs) > 0 {
		fmt.Fprintf(w, "ledger: %d problems (run lint)\n", len(probs))
	}
	return 0
}

// newFlagSet is the flag set of a subcommand that prints usage to stderr on
// a bad flag or -h.
func newFlagSet(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	return fs
}
