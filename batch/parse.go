// Package batch checks many companies at once: it reads a table of answers
// (CSV or JSON Lines, one company per row), turns each row into answers
// through the engine's own validation, estimates every valid row and writes
// the result table (CSV with a BOM, or JSON Lines) and the downloadable
// template. The command-line tool, the HTTP API and the page (through
// WebAssembly) all use this package, so they read a file the same way.
//
// It knows nothing of browsers or HTTP.
//
// # The CSV format
//
//   - UTF-8, with or without a byte-order mark; comma- or tab-separated (the
//     separator is detected from the header row; a header separated by
//     semicolons is an error);
//   - the first row names the columns: question ids (see the catalogue) and
//     the reserved column "company" (a free name for the row, not a
//     question); columns may come in any order and any may be left out;
//   - an optional second header row of labels (as the template writes it) is
//     recognised and skipped: it is a label row when every non-empty cell
//     under a question column starts with that question's label, in Chinese
//     or English, and at least one does;
//   - an empty cell is unanswered; yes/no questions take true/false, yes/no,
//     y/n, 是/否 or 1/0 (any case); one-choice questions take an option value;
//     several-choice questions take option values separated by ";" (or
//     "；"); counts and years take whole numbers; money takes a number of
//     yuan (thousands separated by commas are accepted: "1,200,000");
//     dates are written YYYY-MM-DD; a question that offers "not sure"
//     also takes 不确定, "not sure" or not_sure (a deliberate unknown);
//   - rows are numbered as a spreadsheet numbers them: the header is row 1.
//
// Errors belong to a row and the other rows still run: a row whose cells
// are all empty, a non-empty cell under an unknown or unnamed column, cells
// beyond the header, a row written with another separator than the header,
// and any value the engine rejects (its message, naming the column).
//
// # JSON Lines
//
// One JSON object of answers per line, exactly as `policycheck estimate`
// takes them, with the optional reserved key "company" (a string). Blank
// lines are skipped; rows are numbered by line.
package batch

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"policycheck/engine"
	"policycheck/jsoncodec"
)

// CompanyColumn is the reserved column (and JSON Lines key) that names a row.
const CompanyColumn = "company"

// Input formats.
const (
	FormatCSV   = "csv"
	FormatJSONL = "jsonl"
)

// Error codes of CellError besides the engine's (engine.CodeType, …).
const (
	CodeEmptyRow     = "empty_row"
	CodeSeparator    = "separator"
	CodeExtraCells   = "extra_cells"
	CodeNoColumnName = "unnamed_column"
	CodeCSV          = "csv"
	CodeCompany      = "company"
)

// CellError is one problem in one row: the row, the column (a question id,
// or empty for the whole row) and the message in both languages.
type CellError struct {
	Row     int         `json:"row"`
	Column  string      `json:"column,omitempty"`
	Code    string      `json:"code"`
	Message engine.Text `json:"message"`
}

// String renders the error for people: "row 7, invention_patents: must not be negative, got -1".
func (e CellError) String(lang string) string {
	row := "row "
	if lang != "en" {
		row = "第 "
	}
	s := row + strconv.Itoa(e.Row)
	if lang != "en" {
		s += " 行"
	}
	if e.Column != "" {
		s += ", " + e.Column
	}
	return s + ": " + e.Message.In(lang)
}

// Row is one company of the input, its answers validated by the engine.
type Row struct {
	// Row is the row's number: its line in the file, the header being 1.
	Row     int
	Company string
	// Answers are set when Errors is empty.
	Answers engine.Answers
	Errors  []CellError
}

// Input is a parsed file.
type Input struct {
	Format string
	// Comma is the CSV separator (',' or '\t'); 0 for JSON Lines.
	Comma rune
	// Columns are the CSV header's column names.
	Columns []string
	// Labels is set when a second header row of labels was skipped.
	Labels bool
	Rows   []Row
}

// Failed counts the rows with errors.
func (in *Input) Failed() int {
	n := 0
	for i := range in.Rows {
		if len(in.Rows[i].Errors) > 0 {
			n++
		}
	}
	return n
}

// FileError is a problem with the whole file (no row can be read).
type FileError struct {
	Message engine.Text
}

func (e *FileError) Error() string { return e.Message.En }

func fileErr(zh, en string) *FileError { return &FileError{Message: engine.Text{Zh: zh, En: en}} }

var bom = []byte("\ufeff")

// Parse reads a CSV file or a JSON Lines file (detected from its first
// character: "{" means JSON Lines) and validates every row against the
// catalogue. The error is a *FileError when no row can be read at all;
// problems of single rows are in their Row.Errors.
func Parse(c *engine.Catalogue, data []byte) (*Input, error) {
	data = bytes.TrimPrefix(data, bom)
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) == 0 {
		return nil, fileErr("文件是空的", "the file is empty")
	}
	if trimmed[0] == '{' {
		return parseJSONL(c, data), nil
	}
	return parseCSV(c, data)
}

func parseJSONL(c *engine.Catalogue, data []byte) *Input {
	in := &Input{Format: FormatJSONL}
	for n, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		v, err := jsoncodec.DecodeAny(line)
		in.Rows = append(in.Rows, objectRow(c, n+1, v, err))
	}
	return in
}

// Objects validates answers objects (as decoded from JSON, each with the
// optional key "company"), numbering them from 1: the rows of an API request.
func Objects(c *engine.Catalogue, objs []any) *Input {
	in := &Input{Format: FormatJSONL, Rows: make([]Row, len(objs))}
	for i, v := range objs {
		in.Rows[i] = objectRow(c, i+1, v, nil)
	}
	return in
}

func objectRow(c *engine.Catalogue, n int, v any, err error) Row {
	row := Row{Row: n}
	obj, ok := v.(map[string]any)
	switch {
	case err != nil:
		row.Errors = append(row.Errors, CellError{Row: row.Row, Code: engine.CodeSyntax, Message: engine.Text{
			Zh: "这一行不是有效的 JSON:" + err.Error(), En: "not valid JSON: " + err.Error()}})
	case !ok:
		row.Errors = append(row.Errors, CellError{Row: row.Row, Code: engine.CodeNotObject, Message: engine.Text{
			Zh: "每一行应是一个以问题编号为键的 JSON 对象", En: "each row must be a JSON object keyed by question id"}})
	case len(obj) == 0:
		row.Errors = append(row.Errors, emptyRow(row.Row))
	default:
		if name, has := obj[CompanyColumn]; has {
			delete(obj, CompanyColumn)
			if s, isStr := name.(string); isStr {
				row.Company = strings.TrimSpace(s)
			} else if name != nil {
				row.Errors = append(row.Errors, CellError{Row: row.Row, Column: CompanyColumn, Code: CodeCompany, Message: engine.Text{
					Zh: "企业名称应是字符串", En: "must be a string (the company's name)"}})
			}
		}
		validate(c, &row, obj)
	}
	return row
}

func emptyRow(n int) CellError {
	return CellError{Row: n, Code: CodeEmptyRow, Message: engine.Text{Zh: "这一行是空的", En: "the row is empty"}}
}

// validate runs the engine's validation and files its errors under the row.
func validate(c *engine.Catalogue, row *Row, raw map[string]any) {
	a, err := c.ValidateAnswers(raw)
	if err != nil {
		var ae *engine.AnswersError
		if !errors.As(err, &ae) {
			row.Errors = append(row.Errors, CellError{Row: row.Row, Code: engine.CodeType, Message: engine.Text{Zh: err.Error(), En: err.Error()}})
			return
		}
		for _, fe := range ae.Errors {
			row.Errors = append(row.Errors, CellError{Row: row.Row, Column: fe.Field, Code: fe.Code, Message: fe.Message})
		}
	}
	if len(row.Errors) == 0 {
		row.Answers = a
	}
}

// detectComma picks the header's separator: tab or comma, whichever the
// first line holds more of.
func detectComma(data []byte) (rune, error) {
	line := data
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		line = data[:i]
	}
	tabs, commas, semis := bytes.Count(line, []byte("\t")), bytes.Count(line, []byte(",")), bytes.Count(line, []byte(";"))
	switch {
	case tabs == 0 && commas == 0 && semis > 0:
		return 0, fileErr("表头用分号分隔;请用逗号或制表符分隔各列(另存为“CSV UTF-8(逗号分隔)”)",
			`the header is separated by semicolons; separate columns with commas or tabs (save as "CSV UTF-8 (comma delimited)")`)
	case tabs > commas:
		return '\t', nil
	}
	return ',', nil
}

func parseCSV(c *engine.Catalogue, data []byte) (*Input, error) {
	comma, err := detectComma(data)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = comma
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	header, err := r.Read()
	if err != nil {
		return nil, fileErr("无法读取表头:"+err.Error(), "cannot read the header row: "+err.Error())
	}
	in := &Input{Format: FormatCSV, Comma: comma, Columns: make([]string, len(header))}
	cols := make([]*engine.Question, len(header))
	company := -1
	seen := map[string]int{}
	byID := make(map[string]*engine.Question, len(c.Questions))
	for _, q := range c.Questions {
		byID[q.ID] = q
	}
	for i, h := range header {
		h = strings.TrimSpace(h)
		in.Columns[i] = h
		if h == "" {
			continue
		}
		if j, dup := seen[h]; dup {
			return nil, fileErr(fmt.Sprintf("表头中 %q 出现两次(第 %d 列和第 %d 列)", h, j+1, i+1),
				fmt.Sprintf("the header names %q twice (columns %d and %d)", h, j+1, i+1))
		}
		seen[h] = i
		if h == CompanyColumn {
			company = i
		}
		cols[i] = byID[h]
	}
	first := true
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			in.Rows = append(in.Rows, Row{Row: line, Errors: []CellError{{Row: line, Code: CodeCSV, Message: engine.Text{
				Zh: "无法按 CSV 读取这一行:" + err.Error(), En: "cannot read the row as CSV: " + err.Error()}}}})
			if rec == nil && errors.Is(err, csv.ErrQuote) {
				break // an unterminated quote swallowed the rest of the file
			}
			continue
		}
		line, _ := r.FieldPos(0)
		if first {
			first = false
			if isLabelRow(cols, rec) {
				in.Labels = true
				continue
			}
		}
		in.Rows = append(in.Rows, csvRow(c, in.Columns, cols, company, comma, line, rec))
	}
	return in, nil
}

// isLabelRow says whether a row is the template's second header row.
func isLabelRow(cols []*engine.Question, rec []string) bool {
	labelled := 0
	for i, cell := range rec {
		cell = strings.TrimSpace(cell)
		if i >= len(cols) || cols[i] == nil || cell == "" {
			continue
		}
		q := cols[i]
		if (q.Label.Zh == "" || !strings.HasPrefix(cell, q.Label.Zh)) && (q.Label.En == "" || !strings.HasPrefix(cell, q.Label.En)) {
			return false
		}
		labelled++
	}
	return labelled > 0
}

// thousands reports whether s is a number written with thousands
// separators, as `^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$` matches it (written
// out: package regexp would add about 60 kB, brotli, to the page's wasm).
func thousands(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	n := digits(s)
	if n < 1 || n > 3 {
		return false
	}
	s = s[n:]
	groups := 0
	for len(s) > 0 && s[0] == ',' {
		if digits(s[1:]) != 3 {
			return false
		}
		s = s[4:]
		groups++
	}
	if groups == 0 {
		return false
	}
	return s == "" || (s[0] == '.' && digits(s[1:]) == len(s)-1 && len(s) > 1)
}

// digits returns the number of ASCII digits s starts with.
func digits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// cellValue turns a cell into the JSON-like value ValidateAnswers takes.
// Anything it does not recognise goes to the engine as the string it is,
// so that the engine's message names the expected type.
func cellValue(q *engine.Question, cell string) any {
	if q.NotSure != nil && (cell == "不确定" || strings.EqualFold(cell, "not sure") || cell == engine.NotSure) {
		return engine.NotSure
	}
	switch q.Type {
	case engine.TypeBool:
		switch strings.ToLower(cell) {
		case "true", "yes", "y", "1", "是":
			return true
		case "false", "no", "n", "0", "否":
			return false
		}
	case engine.TypeMulti:
		items := []any{}
		for _, s := range strings.FieldsFunc(cell, func(r rune) bool { return r == ';' || r == '；' }) {
			if s = strings.TrimSpace(s); s != "" {
				items = append(items, s)
			}
		}
		return items
	case engine.TypeCount, engine.TypeYear, engine.TypeMoney:
		s := cell
		if thousands(s) {
			s = strings.ReplaceAll(s, ",", "")
		}
		if jsonNumber(s) {
			return jsoncodec.Number(s)
		}
	}
	return cell
}

// jsonNumber reports whether s, less a leading "+", is a JSON number, as
// `^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$` matches it, of at most 40 bytes.
func jsonNumber(s string) bool {
	if len(s) > 40 {
		return false
	}
	s = strings.TrimPrefix(s, "+")
	if s != "" && s[0] == '-' {
		s = s[1:]
	}
	n := digits(s)
	if n == 0 || (s[0] == '0' && n > 1) {
		return false
	}
	s = s[n:]
	if s != "" && s[0] == '.' {
		n = digits(s[1:])
		if n == 0 {
			return false
		}
		s = s[1+n:]
	}
	if s != "" && (s[0] == 'e' || s[0] == 'E') {
		s = s[1:]
		if s != "" && (s[0] == '+' || s[0] == '-') {
			s = s[1:]
		}
		n = digits(s)
		if n == 0 {
			return false
		}
		s = s[n:]
	}
	return s == ""
}

func csvRow(c *engine.Catalogue, names []string, cols []*engine.Question, company int, comma rune, line int, rec []string) Row {
	row := Row{Row: line}
	empty := true
	for _, cell := range rec {
		if strings.TrimSpace(cell) != "" {
			empty = false
			break
		}
	}
	if empty {
		row.Errors = append(row.Errors, emptyRow(line))
		return row
	}
	if len(rec) < len(names) {
		// Fewer cells than the header: a row written with another separator
		// holds that separator in (at least) half the places it would need.
		other, otherName, sep := "\t", engine.Text{Zh: "制表符", En: "tabs"}, engine.Text{Zh: "逗号", En: "commas"}
		if comma == '\t' {
			other, otherName, sep = ",", engine.Text{Zh: "逗号", En: "commas"}, engine.Text{Zh: "制表符", En: "tabs"}
		}
		n, semis := 0, 0
		for _, cell := range rec {
			n += strings.Count(cell, other)
			semis += strings.Count(cell, ";")
		}
		if semis > n {
			n, otherName = semis, engine.Text{Zh: "分号", En: "semicolons"}
		}
		if n > 0 && n >= (len(names)-1)/2 {
			row.Errors = append(row.Errors, CellError{Row: line, Code: CodeSeparator, Message: engine.Text{
				Zh: fmt.Sprintf("这一行用%s分隔,而表头用%s分隔", otherName.Zh, sep.Zh),
				En: fmt.Sprintf("the row is separated by %s but the header by %s", otherName.En, sep.En)}})
			return row
		}
	}
	raw := make(map[string]any, len(rec))
	for i, cell := range rec {
		cell = strings.TrimSpace(cell)
		if cell == "" {
			continue
		}
		switch {
		case i >= len(names):
			row.Errors = append(row.Errors, CellError{Row: line, Code: CodeExtraCells, Message: engine.Text{
				Zh: fmt.Sprintf("第 %d 列有内容,但表头只有 %d 列", i+1, len(names)),
				En: fmt.Sprintf("column %d has a value but the header has only %d columns", i+1, len(names))}})
		case i == company:
			row.Company = cell
		case names[i] == "":
			row.Errors = append(row.Errors, CellError{Row: line, Column: "#" + strconv.Itoa(i+1), Code: CodeNoColumnName, Message: engine.Text{
				Zh: fmt.Sprintf("第 %d 列有内容,但表头中这一列没有名称", i+1),
				En: fmt.Sprintf("column %d has a value but no name in the header", i+1)}})
		case cols[i] == nil:
			raw[names[i]] = cell // the engine says: no such question
		default:
			raw[names[i]] = cellValue(cols[i], cell)
		}
	}
	validate(c, &row, raw)
	return row
}
