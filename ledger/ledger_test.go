package ledger_test

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"policycheck/ledger"
)

func TestClauses(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"top level and parenthesised", "一、总体要求\n(一)指导思想\n(二)原则\n二、措施\n", []string{"一", "一(一)", "一(二)", "二"}},
		{"full-width parentheses and indentation", "    三、具体措施\n (一)加大\n\u3000(二)推动\n", []string{"三", "三(一)", "三(二)"}},
		{"numbered items with a dot or an ideographic comma", "四、举措\n(一)体系\n1.构建\n2、支持\n", []string{"四", "四(一)", "四(一)1", "四(一)2"}},
		{"full-width digits and stop", "五、附则\n１．对\n２、扶持\n", []string{"五", "五1", "五2"}},
		{"items directly under a top-level heading", "五、保障\n1.强化\n2.强化\n", []string{"五", "五1", "五2"}},
		{"fourth level", "二、任务\n(二)重点\n3.完善\n(1)加强\n(2)加快\n", []string{"二", "二(二)", "二(二)3", "二(二)3(1)", "二(二)3(2)"}},
		{"a new heading closes the deeper levels", "一、甲\n(一)乙\n1.丙\n二、丁\n1.戊\n", []string{"一", "一(一)", "一(一)1", "二", "二1"}},
		{"decimals, years and dates are not clauses", "五、表\n5.3 |\n52.3 |\n2018年5月28日\n(2018-2020)总体\n- 2020-08-12\n", []string{"五"}},
		{"numbers inside a line are not clauses", "三、措施\n对企业给予1.5万元,(一)次\n", []string{"三"}},
		{"a repeated number is listed once", "一、甲\n一、甲\n", []string{"一"}},
		{"no numbering at all", "为深入推进科创中心建设\n——坚持比较优势\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ledger.Clauses(tc.text); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Clauses(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

const source = "一、要求\n二、措施\n(一)资助\n(二)服务\n"

const goodLedger = `{"document": "d", "scheme": {"zh": "一、(一)", "en": "1, (1)"}, "clauses": [
 {"clause": "一", "left_out": "background", "reason": {"zh": "总体要求", "en": "aims"}},
 {"clause": "二", "left_out": "background", "reason": {"zh": "标题", "en": "heading"}},
 {"clause": "二(一)", "rules": ["d.grant"]},
 {"clause": "二(二)", "rules": ["d.service", "d.grant"]}
]}`

func TestCheck(t *testing.T) {
	rules := map[string]string{"d.grant": "二(一);二(二)", "d.service": "二(二)"}
	for _, tc := range []struct {
		name   string
		ledger string
		rules  map[string]string
		want   []string // substrings of the problems, in order; none when empty
	}{
		{"a complete ledger passes", goodLedger, rules, nil},
		{"a clause of the source missing from the ledger",
			strings.Replace(goodLedger, `{"clause": "一", "left_out": "background", "reason": {"zh": "总体要求", "en": "aims"}},`, "", 1), rules,
			[]string{`clause "一" of the source text is missing`}},
		{"a ledger clause the source does not have",
			strings.Replace(goodLedger, `"clause": "一"`, `"clause": "三"`, 1), rules,
			[]string{`"三": the source text has no such clause`, `clause "一" of the source text is missing`}},
		{"a rule of the document in no clause", goodLedger,
			map[string]string{"d.grant": "二(一);二(二)", "d.service": "二(二)", "d.extra": "二(一)"},
			[]string{`rule "d.extra" is in no clause`}},
		{"the ledger names an unknown rule",
			strings.Replace(goodLedger, `"d.service", "d.grant"`, `"d.service", "d.grant", "d.ghost"`, 1), rules,
			[]string{`unknown rule "d.ghost"`}},
		{"a rule listed under a clause it does not cite", goodLedger,
			map[string]string{"d.grant": "二(一)", "d.service": "二(二)"},
			[]string{`rule "d.grant" cites clause "二(一)", not this one`}},
		{"a clause left out without a reason",
			strings.Replace(goodLedger, `"reason": {"zh": "标题", "en": "heading"}`, `"reason": {"zh": "标题", "en": ""}`, 1), rules,
			[]string{"needs a reason in both languages"}},
		{"an unknown reason kind",
			strings.Replace(goodLedger, `"left_out": "background", "reason": {"zh": "标题"`, `"left_out": "boring", "reason": {"zh": "标题"`, 1), rules,
			[]string{`left_out must be target, government_duty, named_beneficiary or background, got "boring"`}},
		{"a clause with neither rules nor left_out",
			strings.Replace(goodLedger, `{"clause": "二(一)", "rules": ["d.grant"]}`, `{"clause": "二(一)"}`, 1), rules,
			[]string{"give the rules that encode it or left_out"}},
		{"a clause listed twice",
			strings.Replace(goodLedger, `{"clause": "二(一)", "rules": ["d.grant"]}`, `{"clause": "二(一)", "rules": ["d.grant"]}, {"clause": "二(一)", "rules": ["d.grant"]}`, 1), rules,
			[]string{"clause listed twice"}},
		{"a ledger without a numbering scheme",
			strings.Replace(goodLedger, `"scheme": {"zh": "一、(一)", "en": "1, (1)"}`, `"scheme": {"zh": "", "en": ""}`, 1), rules,
			[]string{"scheme: say in both languages"}},
		{"a ledger of another document",
			strings.Replace(goodLedger, `"document": "d"`, `"document": "e"`, 1), rules,
			[]string{`document must be "d", got "e"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"sources/d.txt": {Data: []byte(source)},
				"ledger/d.json": {Data: []byte(tc.ledger)},
			}
			_, probs := ledger.Check(fsys, []ledger.Document{{ID: "d", Source: "sources/d.txt", Rules: tc.rules}})
			if len(probs) != len(tc.want) {
				t.Fatalf("got %d problems %v, want %d %q", len(probs), probs, len(tc.want), tc.want)
			}
			for i, w := range tc.want {
				if !strings.Contains(probs[i].String(), w) {
					t.Errorf("problem %d = %q, want it to contain %q", i, probs[i], w)
				}
			}
		})
	}
}

func TestCoverage(t *testing.T) {
	fsys := fstest.MapFS{"sources/d.txt": {Data: []byte(source)}, "ledger/d.json": {Data: []byte(goodLedger)}}
	cov, probs := ledger.Check(fsys, []ledger.Document{{ID: "d", Source: "sources/d.txt",
		Rules: map[string]string{"d.grant": "二(一);二(二)", "d.service": "二(二)"}}})
	if len(probs) != 0 {
		t.Fatal(probs)
	}
	want := ledger.Coverage{Document: "d", Clauses: 4, Encoded: 2, LeftOut: map[string]int{"background": 2}}
	if len(cov) != 1 || !reflect.DeepEqual(cov[0], want) || cov[0].LeftOutTotal() != 2 {
		t.Errorf("coverage = %+v, want %+v", cov, want)
	}
}

func TestMissingFiles(t *testing.T) {
	fsys := fstest.MapFS{"sources/d.txt": {Data: []byte(source)}}
	_, probs := ledger.Check(fsys, []ledger.Document{{ID: "d", Source: "sources/d.txt"}, {ID: "e", Source: "sources/e.txt"}})
	if len(probs) != 2 || !strings.Contains(probs[0].String(), "ledger/d.json") || !strings.Contains(probs[1].String(), "cannot read the source text") {
		t.Errorf("problems = %v", probs)
	}
}
