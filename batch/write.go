package batch

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"policycheck/engine"
	"policycheck/jsoncodec"
)

// ResultColumns are the ids of the result table's columns, before one
// column per rule (named by rule id) holding that rule's status.
var ResultColumns = []string{
	"row", CompanyColumn, "district",
	"secured_one_time", "secured_yearly", "possibly_more_one_time", "possibly_more_yearly",
	"eligible", "official", "possible", "not_money", "national", "lapsed", "lapsed_reason", "top_measures", "errors",
}

// errorsColumn is the index of "errors" in ResultColumns.
var errorsColumn = len(ResultColumns) - 1

var resultLabels = map[string]engine.Text{
	"row":                    {Zh: "行号", En: "Row"},
	CompanyColumn:            {Zh: "企业", En: "Company"},
	"district":               {Zh: "注册地", En: "Registered in"},
	"secured_one_time":       {Zh: "文件确定可得·一次性（元）", En: "Secured, one-time (yuan)"},
	"secured_yearly":         {Zh: "文件确定可得·每年（元）", En: "Secured, yearly (yuan)"},
	"possibly_more_one_time": {Zh: "另可能最高·一次性（元）", En: "Possibly more, one-time (yuan)"},
	"possibly_more_yearly":   {Zh: "另可能最高·每年（元）", En: "Possibly more, yearly (yuan)"},
	"eligible":               {Zh: "文件确定（项）", En: "Fixed by the texts (measures)"},
	"official":               {Zh: "由主管部门决定（项）", En: "An official decides (measures)"},
	"possible":               {Zh: "可能符合（项）", En: "Possibly eligible (measures)"},
	"not_money":              {Zh: "非资金支持（项）", En: "Not money (measures)"},
	"national":               {Zh: "国家或市级政策（项）", En: "National or city programmes (measures)"},
	"lapsed":                 {Zh: "期限已过（项）", En: "Period ended (measures)"},
	"lapsed_reason":          {Zh: "期限已过的原因", En: "Why the period ended"},
	"top_measures":           {Zh: "主要措施", En: "Top measures"},
	"errors":                 {Zh: "错误", En: "Errors"},
}

// Titles looks up rule titles and district labels in one language.
type Titles struct {
	lang      string
	rules     map[string]string
	districts map[string]string
}

// NewTitles prepares the labels of the catalogue in lang ("zh" or "en").
func NewTitles(c *engine.Catalogue, lang string) *Titles {
	t := &Titles{lang: lang, rules: make(map[string]string, len(c.Rules)), districts: map[string]string{}}
	for _, r := range c.Rules {
		t.rules[r.ID] = r.Title.In(lang)
	}
	for _, q := range c.Questions {
		if q.ID == "registered_district" {
			for _, o := range q.Options {
				t.districts[o.Value] = o.Label.In(lang)
			}
		}
	}
	return t
}

// Rule returns a rule's title.
func (t *Titles) Rule(id string) string {
	if s, ok := t.rules[id]; ok {
		return s
	}
	return id
}

// District returns the label of a registered_district value.
func (t *Titles) District(v string) string {
	if s, ok := t.districts[v]; ok {
		return s
	}
	return v
}

// TableRow is a result as the page's table shows it, in one language.
type TableRow struct {
	Row          int          `json:"row"`
	Company      string       `json:"company"`
	District     string       `json:"district"`
	Secured      engine.Money `json:"secured"`
	PossiblyMore engine.Money `json:"possibly_more"`
	Eligible     int          `json:"eligible"`
	Official     int          `json:"official"`
	Possible     int          `json:"possible"`
	Lapsed       int          `json:"lapsed"`
	LapsedReason string       `json:"lapsed_reason"`
	Top          []string     `json:"top"`
	Errors       []CellError  `json:"errors,omitempty"`
}

// Table returns the result as the page shows it.
func (t *Titles) Table(r *Result) TableRow {
	top := make([]string, len(r.Top))
	for i, id := range r.Top {
		top[i] = t.Rule(id)
	}
	return TableRow{Row: r.Row, Company: r.Company, District: t.District(r.District), Secured: r.Secured,
		PossiblyMore: r.PossiblyMore, Eligible: r.Eligible, Official: r.Official, Possible: r.Possible,
		Lapsed: r.Lapsed, LapsedReason: r.LapsedReason.In(t.lang), Top: top, Errors: r.Errors}
}

// StatusWord is a rule's status in a CSV cell, in lang: the words of the
// part of the story it belongs to ("文件确定", "由主管部门决定", …), "尚未发布"
// for a measure whose document was not yet issued. JSON Lines keep the codes.
func StatusWord(rs RuleStatus, lang string) string {
	if rs.Status == engine.StatusNotIssued {
		return engine.Text{Zh: "尚未发布", En: "Not yet issued"}.In(lang)
	}
	part := rs.Part
	if part == "" {
		part = engine.PartOf(rs.Status, "", "")
	}
	if w, ok := engine.PartWords[part]; ok {
		return w.In(lang)
	}
	return rs.Status
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// WriteCSV writes the result table as CSV: a UTF-8 byte-order mark (so
// that Excel reads the characters right), a header row of column ids, a
// second header row of labels in lang, then one row per result, with CRLF
// line ends. Rows that failed carry their errors and no figures.
func WriteCSV(w io.Writer, c *engine.Catalogue, results []Result, lang string) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := bw.Write(bom); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	t := NewTitles(c, lang)
	head := make([]string, 0, len(ResultColumns)+len(c.Rules))
	labels := make([]string, 0, cap(head))
	for _, col := range ResultColumns {
		head = append(head, col)
		labels = append(labels, resultLabels[col].In(lang))
	}
	for _, r := range c.Rules {
		head = append(head, r.ID)
		labels = append(labels, r.Title.In(lang))
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	if err := cw.Write(labels); err != nil {
		return err
	}
	rec := make([]string, len(head))
	for i := range results {
		r := &results[i]
		clear(rec)
		rec[0], rec[1] = strconv.Itoa(r.Row), r.Company
		if r.Failed() {
			msgs := make([]string, len(r.Errors))
			for j, e := range r.Errors {
				msgs[j] = e.Message.In(lang)
				if e.Column != "" {
					msgs[j] = e.Column + ": " + msgs[j]
				}
			}
			rec[errorsColumn] = strings.Join(msgs, "; ")
		} else {
			top := make([]string, len(r.Top))
			for j, id := range r.Top {
				top[j] = t.Rule(id)
			}
			rec[2] = t.District(r.District)
			rec[3], rec[4] = num(r.Secured.OneTime), num(r.Secured.Yearly)
			rec[5], rec[6] = num(r.PossiblyMore.OneTime), num(r.PossiblyMore.Yearly)
			rec[7], rec[8], rec[9] = strconv.Itoa(r.Eligible), strconv.Itoa(r.Official), strconv.Itoa(r.Possible)
			rec[10], rec[11], rec[12] = strconv.Itoa(r.NotMoney), strconv.Itoa(r.National), strconv.Itoa(r.Lapsed)
			rec[13] = r.LapsedReason.In(lang)
			rec[14] = strings.Join(top, "; ")
			for j, rs := range r.Statuses {
				rec[len(ResultColumns)+j] = StatusWord(rs, lang)
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// WriteJSONL writes one JSON object (Result) per line.
func WriteJSONL(w io.Writer, results []Result) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var b []byte
	for i := range results {
		var err error
		if b, err = AppendJSON(b[:0], &results[i]); err != nil {
			return err
		}
		b = append(b, '\n')
		if _, err := bw.Write(b); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// AppendJSON appends a result as JSON (the same as jsoncodec.Marshal of
// it, written faster: the statuses, most of the bytes, need no encoder).
func AppendJSON(dst []byte, r *Result) ([]byte, error) {
	st := r.Statuses
	r.Statuses = nil
	b, err := jsoncodec.Marshal(r)
	r.Statuses = st
	if err != nil {
		return dst, err
	}
	if len(st) == 0 {
		return append(dst, b...), nil
	}
	dst = append(dst, b[:len(b)-1]...)
	dst = append(dst, `,"statuses":`...)
	return append(st.appendJSON(dst), '}'), nil
}

// WriteTemplate writes the empty input table: a byte-order mark, the header
// row (company, then every question id in questionnaire order) and a second
// row giving, in lang, each question's label and the values it takes. The
// batch reader skips that second row, so a filled-in template reads as is.
func WriteTemplate(w io.Writer, c *engine.Catalogue, lang string) error {
	bw := bufio.NewWriter(w)
	if _, err := bw.Write(bom); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	head := []string{CompanyColumn}
	labels := []string{engine.Text{Zh: "企业名称（可选，不参与估算）", En: "Company name (optional, not used in the estimate)"}.In(lang)}
	for _, q := range c.Questions {
		head = append(head, q.ID)
		labels = append(labels, q.Label.In(lang)+" — "+Hint(q).In(lang))
	}
	cw.Write(head)
	cw.Write(labels)
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

func bound(v any) string {
	switch n := v.(type) {
	case nil:
		return ""
	case float64:
		return num(n)
	case jsoncodec.Number:
		return n.String()
	}
	return fmt.Sprint(v)
}

// Hint says what a question's cell takes, in both languages, and that it
// takes 不确定 where the question offers "not sure".
func Hint(q *engine.Question) engine.Text {
	h := hint(q)
	if q.NotSure != nil {
		h.Zh += "；不清楚的填 不确定"
		h.En += "; or not sure"
	}
	return h
}

func hint(q *engine.Question) engine.Text {
	lo, hi := bound(q.Min), bound(q.Max)
	rng := func(zhKind, enKind string) engine.Text {
		if lo == "" && hi == "" {
			return engine.Text{Zh: zhKind, En: enKind}
		}
		return engine.Text{Zh: zhKind + "，" + lo + " 至 " + hi, En: enKind + ", " + lo + " to " + hi}
	}
	options := func(lang string) string {
		parts := make([]string, len(q.Options))
		for i, o := range q.Options {
			parts[i] = o.Value + " = " + o.Label.In(lang)
		}
		return strings.Join(parts, "; ")
	}
	switch q.Type {
	case engine.TypeBool:
		return engine.Text{Zh: "填 是 或 否（也可填 true/false、yes/no）", En: "yes or no (also true/false, 是/否)"}
	case engine.TypeChoice:
		return engine.Text{Zh: "填一个选项值：" + options("zh"), En: "one option value: " + options("en")}
	case engine.TypeMulti:
		return engine.Text{Zh: "可填多个选项值，用 ; 分隔：" + options("zh"), En: "option values separated by ;: " + options("en")}
	case engine.TypeCount:
		return rng("整数", "whole number")
	case engine.TypeYear:
		return rng("年份", "year")
	case engine.TypeMoney:
		return rng("金额（元）", "amount in yuan")
	case engine.TypeDate:
		return rng("日期 YYYY-MM-DD", "date YYYY-MM-DD")
	}
	return engine.Text{Zh: q.Type, En: q.Type}
}
