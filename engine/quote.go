package engine

// QuoteIn reports whether quote occurs verbatim in the source text of the
// document docID (white space runs count as one space), as the loader checks
// every rule's quote. It is false for an unknown document and for a
// catalogue loaded without its source texts (LoadCompiled, LoadPrebuilt).
func (c *Catalogue) QuoteIn(docID, quote string) bool {
	d := c.docByID[docID]
	if d == nil || d.text == "" {
		return false
	}
	return containsQuote(d.text, quote)
}
