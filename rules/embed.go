// Package rules holds the policy catalogue as data: the five source texts,
// the documents, the questionnaire, one rule file per document and the test
// cases. Analysts edit the JSON files; this file only embeds them.
package rules

import "embed"

// FS is the catalogue folder.
//
//go:embed *.json sources/*.txt cases/*.json ledger/*.json
var FS embed.FS
